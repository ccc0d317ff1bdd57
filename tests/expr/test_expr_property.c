/*
 * Property tests: random well-typed expressions over numbers, booleans,
 * texts and lists, generated from fixed seeds (reproducible runs) together
 * with the value the contract gives them, computed here independently with
 * the decimal API in the language's order of evaluation (left to right,
 * short-circuit `and`/`or`, lazy `if`, `in` stopping at the first match).
 *
 * For each expression: it compiles; it evaluates to that value or to the
 * error expected (division by zero, overflow), never crashes or loops; its
 * explanation meets the same outcome; its canonical form compiles to itself
 * and gives the same outcome. Mutated copies (a byte deleted, inserted or
 * swapped) compile or fail cleanly, and evaluate or fail cleanly.
 */
#include <stdio.h>
#include <stdlib.h>

#include "expr_case.h"
#include "td_test.h"

/* ---- a small deterministic generator (state passed explicitly) ---- */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next_u64(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15u); /* splitmix64 */
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static unsigned pick(rng *r, unsigned n)
{
    return (unsigned)(next_u64(r) % n);
}

static bool chance(rng *r, unsigned percent)
{
    return pick(r, 100) < percent;
}

/* ---- generated expressions ---- */

enum { P_OR = 1, P_AND, P_CMP, P_SUM, P_PRODUCT, P_UNARY, P_PRIMARY };

/* The outcome the contract gives an expression. */
typedef struct outcome {
    td_status status;
    td_value_type type;
    td_decimal number;
    bool boolean;
    const char *text;
} outcome;

typedef struct gexpr {
    char *text; /* malloc'd */
    int prec;
    outcome v;
    bool is_class;   /* the bare name classification (perhaps in parentheses) */
    bool is_literal; /* a text literal */
    bool is_classid; /* a text literal naming a classification */
} gexpr;

typedef struct gen {
    rng r;
    const expr_case *c;
    size_t member;
    int budget; /* nodes left */
    td_decimal vars[3];
} gen;

#if defined(__GNUC__)
static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static gexpr leaf(char *text, outcome v)
{
    gexpr e = {text, P_PRIMARY, v, false, false, false};
    return e;
}

static outcome ok_number(td_decimal d)
{
    outcome v = {TD_OK, TD_VALUE_NUMBER, d, false, NULL};
    return v;
}

static outcome ok_bool(bool b)
{
    outcome v = {TD_OK, TD_VALUE_BOOLEAN, td_decimal_zero(), b, NULL};
    return v;
}

static outcome ok_text(const char *t)
{
    outcome v = {TD_OK, TD_VALUE_TEXT, td_decimal_zero(), false, t};
    return v;
}

static outcome failed(td_status rc, td_value_type type)
{
    outcome v = {rc, type, td_decimal_zero(), false, NULL};
    return v;
}

/* Parenthesises e when its precedence is below `min`, and sometimes anyway. */
static void fit(gen *g, gexpr *e, int min)
{
    if (e->prec >= min && !chance(&g->r, 8))
        return;
    char *t = format(chance(&g->r, 80) ? "(%s)" : "( %s )", e->text);
    free(e->text);
    e->text = t;
    e->prec = P_PRIMARY;
}

/* Spacing around a symbolic operator: none, one or two spaces. */
static const char *pad(gen *g)
{
    static const char *const pads[] = {"", " ", " ", "  "};
    return pads[pick(&g->r, 4)];
}

static gexpr gen_num(gen *g, int depth);
static gexpr gen_bool(gen *g, int depth);
static gexpr gen_text(gen *g, int depth);

static gexpr gen_of(gen *g, td_value_type type, int depth)
{
    return type == TD_VALUE_NUMBER ? gen_num(g, depth) : type == TD_VALUE_BOOLEAN ? gen_bool(g, depth)
                                                                                 : gen_text(g, depth);
}

static bool leaf_time(gen *g, int depth)
{
    return depth <= 0 || g->budget-- <= 0 || chance(&g->r, 15);
}

/* ---- numbers ---- */

static gexpr num_leaf(gen *g)
{
    static const struct {
        const char *text, *value;
    } literals[] = {
        {"0", "0"}, {"1", "1"}, {"2", "2"}, {"3", "3"}, {"10", "10"}, {"100", "100"}, {"2.5", "2.5"},
        {"0.125", "0.125"}, {"1.50", "1.5"}, {"95%", "0.95"}, {"12.5%", "0.125"}, {"0.000001", "0.000001"},
        {".5", "0.5"}, {"7.", "7"}, {"123456789012345678901234567890", "123456789012345678901234567890"},
    };
    const td_result *res = g->c->result;
    size_t m = g->member;
    td_decimal d;
    switch (pick(&g->r, 4)) {
    case 0: {
        unsigned i = pick(&g->r, sizeof literals / sizeof literals[0]);
        return leaf(format("%s", literals[i].text), ok_number(D(literals[i].value)));
    }
    case 1: {
        static const char *const names[] = {"x", "y", "z"};
        unsigned i = pick(&g->r, 3);
        return leaf(format("%s", names[i]), ok_number(g->vars[i]));
    }
    default:
        switch (pick(&g->r, 11)) {
        case 0: return leaf(format("total"), ok_number(td_result_member_total(res, m)));
        case 1: return leaf(format("base"), ok_number(td_result_member_base(res, m)));
        case 2: return leaf(format("bonus"), ok_number(td_result_member_bonus(res, m)));
        case 3: return leaf(format("deduction"), ok_number(td_result_member_deduction(res, m)));
        case 4: return leaf(format("rank"), ok_number(td_decimal_from_int((int64_t)td_result_member_rank(res, m))));
        case 5: return leaf(format("members"), ok_number(td_decimal_from_int((int64_t)td_result_member_count(res))));
        case 6: return leaf(format("count_met()"), ok_number(td_decimal_from_int((int64_t)td_result_member_count_met(res, m))));
        case 7: return leaf(format("points(loans)"), ok_number(td_result_points(res, m, 2)));
        case 8:
            assert_true(td_result_attainment(&d, res, m, 1));
            return leaf(format("attainment(%s)", chance(&g->r, 50) ? "hh_achieved" : "'hh_achieved'"), ok_number(d));
        case 9:
            assert_true(td_result_actual(&d, res, m, 2));
            return leaf(format("actual(loans)"), ok_number(d));
        default:
            assert_true(td_result_target(&d, res, m, 2));
            return leaf(format("target(loans)"), ok_number(d));
        }
    }
}

/* a op b for + - * /, with the evaluator's order and rounding. */
static outcome arith(char op, const outcome *a, const outcome *b)
{
    if (a->status != TD_OK)
        return *a;
    if (b->status != TD_OK)
        return *b;
    td_decimal r;
    td_status rc;
    switch (op) {
    case '+': rc = td_decimal_add(&r, a->number, b->number, NULL); break;
    case '-': rc = td_decimal_sub(&r, a->number, b->number, NULL); break;
    case '*': rc = td_decimal_mul(&r, a->number, b->number, NULL); break;
    default:
        if (td_decimal_is_zero(b->number))
            return failed(TD_EEVAL, TD_VALUE_NUMBER);
        rc = td_decimal_div(&r, a->number, b->number, 12, TD_ROUNDING_HALF_UP, NULL);
        break;
    }
    return rc == TD_OK ? ok_number(r) : failed(rc, TD_VALUE_NUMBER);
}

static gexpr num_binary(gen *g, int depth)
{
    static const char ops[] = "+-*/";
    char op = ops[pick(&g->r, 4)];
    int level = (op == '+' || op == '-') ? P_SUM : P_PRODUCT;
    gexpr a = gen_num(g, depth - 1), b = gen_num(g, depth - 1);
    fit(g, &a, level);     /* the first operand may continue the chain */
    fit(g, &b, level + 1); /* the second binds tighter: a - (b - c) */
    gexpr e = leaf(format("%s%s%c%s%s", a.text, pad(g), op, pad(g), b.text), arith(op, &a.v, &b.v));
    e.prec = level;
    free(a.text);
    free(b.text);
    return e;
}

static gexpr num_call(gen *g, int depth)
{
    unsigned kind = pick(&g->r, 5);
    if (kind == 0 || kind == 1) { /* min, max */
        unsigned n = 1 + pick(&g->r, 3);
        gexpr first = gen_num(g, depth - 1);
        char *text = format("%s(%s", kind == 0 ? "min" : "max", first.text);
        outcome acc = first.v;
        free(first.text);
        for (unsigned i = 1; i < n; i++) {
            gexpr a = gen_num(g, depth - 1);
            char *t = format("%s,%s%s", text, chance(&g->r, 70) ? " " : "", a.text);
            free(text);
            text = t;
            if (acc.status == TD_OK)
                acc = a.v.status != TD_OK ? a.v
                      : ok_number(kind == 0 ? td_decimal_min(acc.number, a.v.number)
                                            : td_decimal_max(acc.number, a.v.number));
            free(a.text);
        }
        char *t = format("%s)", text);
        free(text);
        return leaf(t, acc);
    }
    if (kind == 2) { /* abs */
        gexpr a = gen_num(g, depth - 1);
        gexpr e = leaf(format("abs(%s)", a.text),
                       a.v.status != TD_OK ? a.v : ok_number(td_decimal_abs(a.v.number)));
        free(a.text);
        return e;
    }
    if (kind == 3) { /* round: places a literal, or sometimes any number */
        gexpr a = gen_num(g, depth - 1);
        gexpr d;
        if (chance(&g->r, 80)) {
            unsigned places = pick(&g->r, 6);
            d = leaf(format("%u", places), ok_number(td_decimal_from_int(places)));
        } else {
            /* any number: "+ 0" keeps a literal from being checked at compile time */
            gexpr n = gen_num(g, depth - 1);
            const outcome zero = ok_number(td_decimal_zero());
            fit(g, &n, P_SUM);
            d = leaf(format("%s + 0", n.text), arith('+', &n.v, &zero));
            free(n.text);
        }
        outcome v = a.v;
        if (v.status == TD_OK)
            v = d.v;
        if (v.status == TD_OK) {
            int64_t places;
            td_decimal r;
            if (td_decimal_to_int64(&places, d.v.number, NULL) != TD_OK || places < 0 || places > 36)
                v = failed(TD_EEVAL, TD_VALUE_NUMBER);
            else if (td_decimal_round(&r, a.v.number, (int)places, TD_ROUNDING_HALF_UP, NULL) != TD_OK)
                v = failed(TD_ERANGE, TD_VALUE_NUMBER);
            else
                v = ok_number(r);
        }
        gexpr e = leaf(format("round(%s, %s)", a.text, d.text), v);
        free(a.text);
        free(d.text);
        return e;
    }
    /* if(cond, a, b) evaluates only the branch taken */
    gexpr c = gen_bool(g, depth - 1), a = gen_num(g, depth - 1), b = gen_num(g, depth - 1);
    outcome v = c.v.status != TD_OK ? failed(c.v.status, TD_VALUE_NUMBER) : c.v.boolean ? a.v : b.v;
    gexpr e = leaf(format("if(%s, %s, %s)", c.text, a.text, b.text), v);
    free(c.text);
    free(a.text);
    free(b.text);
    return e;
}

static gexpr gen_num(gen *g, int depth)
{
    if (leaf_time(g, depth))
        return num_leaf(g);
    unsigned k = pick(&g->r, 10);
    if (k < 5)
        return num_binary(g, depth);
    if (k < 6) { /* unary minus */
        gexpr a = gen_num(g, depth - 1);
        fit(g, &a, P_UNARY);
        gexpr e = leaf(format("-%s%s", chance(&g->r, 30) ? " " : "", a.text),
                       a.v.status != TD_OK ? a.v : ok_number(td_decimal_neg(a.v.number)));
        e.prec = P_UNARY;
        free(a.text);
        return e;
    }
    return num_call(g, depth);
}

/* ---- texts ---- */

static const struct {
    const char *text, *value;
    bool classid;
} text_literals[] = {
    {"'xuat_sac'", "xuat_sac", true}, {"'tot'", "tot", true}, {"'hoan_thanh'", "hoan_thanh", true},
    {"'khong_hoan_thanh'", "khong_hoan_thanh", true}, {"'a'", "a", false}, {"''", "", false},
    {"'it\\'s'", "it's", false}, {"'Tân Uyên'", "Tân Uyên", false}, {"'a\\\\b'", "a\\b", false},
};

static gexpr text_literal(gen *g, bool classid_only)
{
    unsigned n = sizeof text_literals / sizeof text_literals[0];
    unsigned i = classid_only ? pick(&g->r, 4) : pick(&g->r, n);
    gexpr e = leaf(format("%s", text_literals[i].text), ok_text(text_literals[i].value));
    e.is_literal = true;
    e.is_classid = text_literals[i].classid;
    return e;
}

static gexpr gen_text(gen *g, int depth)
{
    if (leaf_time(g, depth)) {
        if (chance(&g->r, 40)) {
            gexpr e = leaf(format("classification"),
                           ok_text(td_result_member_classification(g->c->result, g->member)));
            e.is_class = true;
            return e;
        }
        return text_literal(g, false);
    }
    gexpr c = gen_bool(g, depth - 1), a = gen_text(g, depth - 1), b = gen_text(g, depth - 1);
    outcome v = c.v.status != TD_OK ? failed(c.v.status, TD_VALUE_TEXT) : c.v.boolean ? a.v : b.v;
    gexpr e = leaf(format("if(%s, %s, %s)", c.text, a.text, b.text), v);
    free(c.text);
    free(a.text);
    free(b.text);
    return e;
}

/* ---- booleans ---- */

static gexpr bool_leaf(gen *g)
{
    const td_result *res = g->c->result;
    size_t m = g->member;
    switch (pick(&g->r, 7)) {
    case 0: return leaf(format("true"), ok_bool(true));
    case 1: return leaf(format("false"), ok_bool(false));
    case 2: return leaf(format("is_leader"), ok_bool(td_result_member_is_leader(res, m)));
    case 3: return leaf(format("all_met()"), ok_bool(td_result_member_all_met(res, m)));
    case 4: return leaf(format("met(loans)"), ok_bool(td_result_met(res, m, 2) == 1));
    case 5: return leaf(format("award('co_thi_dua')"), ok_bool(td_result_award_status(res, m, 0) == TD_AWARD_SELECTED));
    default: return leaf(format("award(bang_khen)"), ok_bool(td_result_award_status(res, m, 1) == TD_AWARD_SELECTED));
    }
}

static bool same_value(const outcome *a, const outcome *b)
{
    switch (a->type) {
    case TD_VALUE_NUMBER: return td_decimal_cmp(a->number, b->number) == 0;
    case TD_VALUE_BOOLEAN: return a->boolean == b->boolean;
    default: return strcmp(a->text, b->text) == 0;
    }
}

/* A text literal compared with the bare name classification must name a
 * classification (a compile-time check): replace it by one that does. */
static void fix_class_literal(gen *g, const gexpr *other, gexpr *e)
{
    if (other->is_class && e->is_literal && !e->is_classid) {
        free(e->text);
        *e = text_literal(g, true);
    }
}

static gexpr comparison(gen *g, int depth)
{
    unsigned k = pick(&g->r, 3);
    td_value_type type = k == 0 ? TD_VALUE_NUMBER : k == 1 ? TD_VALUE_TEXT : TD_VALUE_BOOLEAN;
    if (chance(&g->r, 60))
        type = TD_VALUE_NUMBER;
    static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">="};
    unsigned op = type == TD_VALUE_NUMBER ? pick(&g->r, 6) : pick(&g->r, 2);
    gexpr a = gen_of(g, type, depth - 1), b = gen_of(g, type, depth - 1);
    fix_class_literal(g, &a, &b);
    fix_class_literal(g, &b, &a);
    fit(g, &a, P_SUM);
    fit(g, &b, P_SUM);
    outcome v = a.v.status != TD_OK ? a.v : b.v;
    if (a.v.status == TD_OK && b.v.status == TD_OK) {
        int c = type == TD_VALUE_NUMBER ? td_decimal_cmp(a.v.number, b.v.number) : 0;
        bool eq = same_value(&a.v, &b.v);
        bool r = op == 0 ? eq : op == 1 ? !eq : op == 2 ? c < 0 : op == 3 ? c <= 0 : op == 4 ? c > 0 : c >= 0;
        v = ok_bool(r);
    }
    v.type = TD_VALUE_BOOLEAN;
    gexpr e = leaf(format("%s%s%s%s%s", a.text, pad(g), ops[op], pad(g), b.text), v);
    e.prec = P_CMP;
    free(a.text);
    free(b.text);
    return e;
}

static gexpr membership(gen *g, int depth)
{
    unsigned k = pick(&g->r, 3);
    td_value_type type = k == 0 ? TD_VALUE_NUMBER : k == 1 ? TD_VALUE_TEXT : TD_VALUE_BOOLEAN;
    gexpr a = gen_of(g, type, depth - 1);
    fit(g, &a, P_SUM);
    outcome v = a.v;
    bool found = false;
    char *list = format("[");
    unsigned n = 1 + pick(&g->r, 4);
    for (unsigned i = 0; i < n; i++) {
        gexpr item = gen_of(g, type, depth - 1);
        fix_class_literal(g, &a, &item);
        /* items are evaluated in order until one matches */
        if (v.status == TD_OK && !found) {
            if (item.v.status != TD_OK)
                v = item.v;
            else
                found = same_value(&a.v, &item.v);
        }
        char *t = format("%s%s%s", list, i == 0 ? "" : ", ", item.text);
        free(list);
        list = t;
        free(item.text);
    }
    if (v.status == TD_OK)
        v = ok_bool(found);
    v.type = TD_VALUE_BOOLEAN;
    gexpr e = leaf(format("%s in %s]", a.text, list), v);
    e.prec = P_CMP;
    free(a.text);
    free(list);
    return e;
}

static gexpr gen_bool(gen *g, int depth)
{
    if (leaf_time(g, depth))
        return bool_leaf(g);
    unsigned k = pick(&g->r, 12);
    if (k < 4)
        return comparison(g, depth);
    if (k < 6)
        return membership(g, depth);
    if (k < 10) { /* and, or: short-circuit */
        bool is_and = k < 8;
        int level = is_and ? P_AND : P_OR;
        gexpr a = gen_bool(g, depth - 1), b = gen_bool(g, depth - 1);
        fit(g, &a, level);
        fit(g, &b, level + 1);
        outcome v = a.v;
        if (a.v.status == TD_OK && a.v.boolean == is_and)
            v = b.v;
        gexpr e = leaf(format("%s %s %s", a.text, is_and ? "and" : "or", b.text), v);
        e.prec = level;
        free(a.text);
        free(b.text);
        return e;
    }
    if (k < 11) {
        gexpr a = gen_bool(g, depth - 1);
        fit(g, &a, P_UNARY);
        gexpr e = leaf(format("not %s", a.text), a.v.status != TD_OK ? a.v : ok_bool(!a.v.boolean));
        e.prec = P_UNARY;
        free(a.text);
        return e;
    }
    gexpr c = gen_bool(g, depth - 1), a = gen_bool(g, depth - 1), b = gen_bool(g, depth - 1);
    outcome v = c.v.status != TD_OK ? c.v : c.v.boolean ? a.v : b.v;
    gexpr e = leaf(format("if(%s, %s, %s)", c.text, a.text, b.text), v);
    free(c.text);
    free(a.text);
    free(b.text);
    return e;
}

/* ---- checking ---- */

static const char *const var_names[] = {"x", "y", "z"};

static td_status compile(const gen *g, const char *text, td_expr **out, td_error *err)
{
    td_expr_options opts = TD_EXPR_OPTIONS_INIT;
    opts.variables = var_names;
    opts.variable_count = 3;
    opts.max_bytes = 1 << 20;
    opts.max_depth = TD_EXPR_MAX_DEPTH_LIMIT; /* the canonical form adds parentheses */
    return td_expr_compile(out, g->c->rulebook, text, &opts, err);
}

/* Evaluates and compares with the expected outcome. */
static void check_outcome(const gen *g, const td_expr *x, const outcome *want, const char *text)
{
    td_value v;
    td_error err;
    td_status rc = td_expr_eval(&v, x, g->c->result, g->member, g->vars, 3, &err);
    if (rc != want->status)
        fail_msg("'%s' for member %zu gave %d (%s), want %d", text, g->member, rc,
                 rc == TD_OK ? "" : err.message, want->status);
    if (rc != TD_OK) {
        assert_int_equal(err.code, rc);
        if (err.column == 0 || strstr(err.message, "at column") == NULL)
            fail_msg("'%s': fault without a position: %s", text, err.message);
    } else {
        outcome got = {TD_OK, v.type, v.number, v.boolean, v.text};
        assert_int_equal(v.type, want->type);
        if (!same_value(&got, want)) {
            char a[96], b[96];
            td_value w = {want->type, want->number, want->boolean, want->text};
            fail_msg("'%s' for member %zu gave %s, want %s", text, g->member, expr_value_text(&v, a, sizeof a),
                     expr_value_text(&w, b, sizeof b));
        }
    }
    /* the explanation meets the same outcome */
    char buf[64];
    size_t needed = 0;
    rc = td_expr_explain(buf, sizeof buf, &needed, x, g->c->result, g->member, g->vars, 3, &err);
    if (rc != want->status)
        fail_msg("explaining '%s' gave %d, want %d", text, rc, want->status);
    if (rc == TD_OK && needed == 0)
        fail_msg("explaining '%s' gave nothing", text);
}

static void check_one(gen *g, const gexpr *e)
{
    td_expr *x = NULL, *again = NULL;
    td_error err;
    if (compile(g, e->text, &x, &err) != TD_OK)
        fail_msg("generated '%s' does not compile: %s (column %u)", e->text, err.message, err.column);
    assert_int_equal(td_expr_type(x), e->v.type);
    check_outcome(g, x, &e->v, e->text);
    if (compile(g, td_expr_canonical(x), &again, &err) != TD_OK)
        fail_msg("the canonical form '%s' of '%s' does not compile: %s", td_expr_canonical(x), e->text,
                 err.message);
    if (strcmp(td_expr_canonical(again), td_expr_canonical(x)) != 0)
        fail_msg("'%s' printed as '%s', which prints as '%s'", e->text, td_expr_canonical(x),
                 td_expr_canonical(again));
    check_outcome(g, again, &e->v, td_expr_canonical(x));
    td_expr_free(again);
    td_expr_free(x);
}

/* A copy of text with one byte deleted, inserted or swapped. */
static char *mutate(gen *g, const char *text)
{
    static const char noise[] = "()[],'+-*/<=>!%.&|\"0a _\xc3";
    size_t len = strlen(text);
    char *s = malloc(len + 2);
    assert_non_null(s);
    size_t at = pick(&g->r, (unsigned)len + 1);
    switch (pick(&g->r, 3)) {
    case 0: /* delete */
        if (at == len)
            at = len - 1;
        memcpy(s, text, at);
        memcpy(s + at, text + at + 1, len - at);
        break;
    case 1: /* insert */
        memcpy(s, text, at);
        s[at] = noise[pick(&g->r, sizeof noise - 1)];
        memcpy(s + at + 1, text + at, len - at + 1);
        break;
    default: /* swap two neighbours */
        memcpy(s, text, len + 1);
        if (at + 1 < len) {
            char t = s[at];
            s[at] = s[at + 1];
            s[at + 1] = t;
        }
        break;
    }
    return s;
}

/* Returns whether the mutant compiled. */
static bool check_mutant(gen *g, const char *text)
{
    td_expr *x = NULL, *again = NULL;
    td_error err;
    td_expr_options opts = TD_EXPR_OPTIONS_INIT;
    opts.variables = var_names;
    opts.variable_count = 3;
    td_status rc = td_expr_compile(&x, g->c->rulebook, text, &opts, &err);
    if (rc != TD_OK) {
        if (rc != TD_EPARSE && rc != TD_ELIMIT)
            fail_msg("mutant '%s' gave %d (%s)", text, rc, err.message);
        assert_null(x);
        if (err.line != 1 || err.column == 0 || err.column > strlen(text) + 1)
            fail_msg("mutant '%s': position %u:%u (%s)", text, err.line, err.column, err.message);
        return false;
    }
    td_value v;
    rc = td_expr_eval(&v, x, g->c->result, g->member, g->vars, 3, &err);
    if (rc != TD_OK && rc != TD_EEVAL && rc != TD_ERANGE)
        fail_msg("mutant '%s' evaluated to %d (%s)", text, rc, err.message);
    if (compile(g, td_expr_canonical(x), &again, &err) != TD_OK ||
        strcmp(td_expr_canonical(again), td_expr_canonical(x)) != 0)
        fail_msg("mutant '%s': canonical '%s' does not round-trip", text, td_expr_canonical(x));
    td_expr_free(again);
    td_expr_free(x);
    return true;
}

static int open_case(void **state)
{
    expr_case *c = malloc(sizeof *c);
    if (c == NULL)
        return -1;
    expr_case_open(c);
    *state = c;
    return 0;
}

static int close_case(void **state)
{
    expr_case_close(*state);
    free(*state);
    return 0;
}

/* The seeds of every run; add one to reproduce a failure found elsewhere. */
static const uint64_t seeds[] = {1, 2, 3, 42, 2023, 2024, 0xC0FFEE, 0x5EED5EED};
enum { PER_SEED = 500 };

static void random_expressions_evaluate_as_the_contract_says(void **state)
{
    const expr_case *c = *state;
    size_t count = 0, faults = 0, by_type[3] = {0, 0, 0};
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        gen g;
        memset(&g, 0, sizeof g);
        g.r.s = seeds[s];
        g.c = c;
        g.vars[0] = D("2");
        g.vars[1] = D("0");
        g.vars[2] = D("0.5");
        for (int i = 0; i < PER_SEED; i++) {
            g.member = pick(&g.r, (unsigned)td_result_member_count(c->result));
            g.budget = 6 + (int)pick(&g.r, 30);
            int depth = 1 + (int)pick(&g.r, 6);
            unsigned t = pick(&g.r, 3);
            gexpr e = gen_of(&g, t == 0 ? TD_VALUE_NUMBER : t == 1 ? TD_VALUE_BOOLEAN : TD_VALUE_TEXT, depth);
            check_one(&g, &e);
            count++;
            faults += e.v.status != TD_OK;
            by_type[t]++;
            free(e.text);
        }
    }
    print_message("%zu expressions (%zu numbers, %zu conditions, %zu texts), %zu with a fault\n", count,
                  by_type[0], by_type[1], by_type[2], faults);
    /* the generator really produces faults and every type */
    assert_true(faults > count / 50);
    assert_true(by_type[0] > 0 && by_type[1] > 0 && by_type[2] > 0);
}

static void mutated_expressions_compile_or_fail_cleanly(void **state)
{
    const expr_case *c = *state;
    size_t compiled = 0, count = 0;
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        gen g;
        memset(&g, 0, sizeof g);
        g.r.s = seeds[s] ^ 0xA5A5A5A5u;
        g.c = c;
        g.vars[0] = D("2");
        g.vars[1] = D("0");
        g.vars[2] = D("0.5");
        for (int i = 0; i < PER_SEED / 2; i++) {
            g.member = pick(&g.r, (unsigned)td_result_member_count(c->result));
            g.budget = 6 + (int)pick(&g.r, 20);
            gexpr e = gen_bool(&g, 1 + (int)pick(&g.r, 5));
            for (int k = 0; k < 3; k++) {
                char *m = mutate(&g, e.text);
                compiled += check_mutant(&g, m);
                count++;
                free(m);
            }
            free(e.text);
        }
    }
    print_message("%zu mutants, %zu of them compiled\n", count, compiled);
    /* both outcomes happen: the mutations are neither all harmless nor all fatal */
    assert_true(compiled > 0 && compiled < count);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_expressions_evaluate_as_the_contract_says),
        cmocka_unit_test(mutated_expressions_compile_or_fail_cleanly),
    };
    return cmocka_run_group_tests(tests, open_case, close_case);
}
