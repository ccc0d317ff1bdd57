/*
 * thidua/export.h — the TD_EXTERN marker on every public function.
 *
 * The library is built with hidden visibility; only functions marked
 * TD_EXTERN are exported. On Windows define THIDUA_STATIC when linking the
 * static library.
 */
#ifndef THIDUA_EXPORT_H
#define THIDUA_EXPORT_H

#if defined(_WIN32) && !defined(THIDUA_STATIC)
#  if defined(THIDUA_BUILDING)
#    define TD_EXTERN __declspec(dllexport)
#  else
#    define TD_EXTERN __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4 && defined(THIDUA_PRIVATE_BASE)
/* the io library's private copy of base: its API stays libthidua's */
#  define TD_EXTERN __attribute__((visibility("hidden")))
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define TD_EXTERN __attribute__((visibility("default")))
#else
#  define TD_EXTERN
#endif

#endif /* THIDUA_EXPORT_H */
