# Runs examples/lai_chau (EXE) in English and Vietnamese and checks that its
# output reproduces every figure of the Lai Châu case (docs: domain, "The Lai
# Châu case") and the Certificate of Merit proposals with an explanation for
# each member. Usage: cmake -DEXE=path/to/lai_chau -P check_lai_chau.cmake
foreach(lang en vi)
  execute_process(COMMAND "${EXE}" ${lang} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
    message(FATAL_ERROR "lai_chau ${lang} exited with ${rc}: ${err}")
  endif()
  set(needles
    "Households registered: 3563"
    "achieving the title: 3425"
    "rate 3425 / 3563 = 96.13 %"
    "Commendations: 143 collective, 290 individual"
    "Met all their targets: HND thành phố Lai Châu, HND huyện Than Uyên\n"
    "Leader 2023: HND huyện Tân Uyên"
    "leader 2024: HND huyện Tam Đường"
    "proposed: HND thành phố Lai Châu, HND huyện Tân Uyên\n")
  if(lang STREQUAL "en")
    list(APPEND needles
      "HND thành phố Lai Châu    selected: "
      "HND huyện Tân Uyên        selected: "
      "HND huyện Than Uyên       eligible ("
      "but over the quota: rank 3 is past the cut-off rank 2"
      "HND huyện Tam Đường       not eligible: "
      "quota 50 % × 4 = 2 → 2 (floor)")
  else()
    list(APPEND needles
      "HND thành phố Lai Châu    được chọn: "
      "HND huyện Tân Uyên        được chọn: "
      "HND huyện Than Uyên       đủ điều kiện ("
      "HND huyện Tam Đường       chưa đủ điều kiện: "
      "chỉ tiêu 50 % × 4 = 2 → 2 (làm tròn xuống)")
  endif()
  foreach(needle IN LISTS needles)
    string(FIND "${out}" "${needle}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "lai_chau ${lang}: the output lacks \"${needle}\":\n${out}")
    endif()
  endforeach()
endforeach()
