# The readers of rulebooks and cluster data (YAML through libyaml, JSON,
# CSV; Unicode NFC through utf8proc) and the rulebook's YAML writer.
list(APPEND THIDUA_IO_SOURCES
  io/source.c
  io/doc.c
  io/yaml.c
  io/json.c
  io/text.c
  io/read.c
  io/rulebook_sections.c
  io/rulebook_load.c
  io/rulebook_write.c
  io/data_read.c
  io/csv.c
  io/dataset.c
  io/cluster_make.c
)
list(APPEND THIDUA_IO_PKGS yaml-0.1 libutf8proc)
