# bash completion for thidua (installed as
# share/bash-completion/completions/thidua): commands, each command's
# options, formats, languages, limits and files. The option lists follow
# the program's table of options (cli/main.c); ctest cli_completion fails
# when they drift apart.

_thidua()
{
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    COMPREPLY=()

    local commands="check eval explain template help"
    local formats="table json csv md html xlsx pdf statuses"
    local langs="vi en"
    local limits="bytes= total= line= depth= nodes= keys= rows= members= criteria= measures= expr-bytes= expr-depth= \
cells="
    local common="--help -h --decimal-comma --limit --strict --lang"
    local check_opts="$common --quiet -q --notes"
    local eval_opts="$common --format -f --output -o --threads --explain --children --excel --width \
--organisation --place --date --title --signer"
    local explain_opts="$common --unit -u --child --output -o --threads --explain"
    local template_opts="--help -h --decimal-comma --limit --lang --output -o"

    # the command: the first word that is no option (nor --lang's value)
    local cmd="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --lang) ((i++)) ;;
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done

    # an option's value
    case $prev in
        -f|--format) COMPREPLY=($(compgen -W "$formats" -- "$cur")); return 0 ;;
        --lang) COMPREPLY=($(compgen -W "$langs" -- "$cur")); return 0 ;;
        --limit)
            compopt -o nospace 2>/dev/null
            COMPREPLY=($(compgen -W "$limits" -- "$cur"))
            return 0 ;;
        -o|--output)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return 0 ;;
        --width) COMPREPLY=($(compgen -W "0 80 100 120" -- "$cur")); return 0 ;;
        --explain) COMPREPLY=($(compgen -W "words formula" -- "$cur")); return 0 ;;
        --threads|-u|--unit|--child|--children|--organisation|--place|--date|--title|--signer)
            return 0 ;; # a value of the user's own
    esac
    case $cur in
        --format=*) COMPREPLY=($(compgen -P "--format=" -W "$formats" -- "${cur#--format=}")); return 0 ;;
        --lang=*) COMPREPLY=($(compgen -P "--lang=" -W "$langs" -- "${cur#--lang=}")); return 0 ;;
    esac

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--help -h --version -V --lang" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return 0
    fi
    local opts
    case $cmd in
        check) opts=$check_opts ;;
        eval) opts=$eval_opts ;;
        explain) opts=$explain_opts ;;
        template) opts=$template_opts ;;
        help) COMPREPLY=($(compgen -W "check eval explain template" -- "$cur")); return 0 ;;
        *) return 0 ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return 0
    fi
    # RULEBOOK and DATA: files (YAML, JSON, CSV) and folders
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
    return 0
}

complete -F _thidua thidua
