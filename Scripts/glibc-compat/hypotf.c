/* hypotf for the release link, bound to glibc's oldest version of it.

   The Swift runtime's Glibc overlay (libswiftGlibc.a, Glibc.o) refers to hypotf. Linked against a
   glibc of 2.35 or newer, that reference binds to hypotf@GLIBC_2.35: glibc 2.35 gave hypotf a new
   version when it dropped the SVID error-handling wrapper, and a binary that asks for it does not start
   on glibc 2.34 (RHEL/Rocky 9) or older. `make release` links with --wrap=hypotf, which sends every
   reference to hypotf to __wrap_hypotf below, and this file binds __wrap_hypotf's call to
   hypotf@GLIBC_2.2.5, the x86_64 version every glibc still exports. Both versions compute the same
   result; the old one also sets errno on overflow, which nothing here reads. */

#include <features.h> /* defines __GLIBC__ */

#if defined(__x86_64__) && defined(__GLIBC__)
extern float ece_hypotf_glibc_2_2_5(float x, float y);
__asm__(".symver ece_hypotf_glibc_2_2_5, hypotf@GLIBC_2.2.5");

float __wrap_hypotf(float x, float y) {
    return ece_hypotf_glibc_2_2_5(x, y);
}
#else
#error "Scripts/glibc-compat targets x86_64 glibc; drop GLIBC_COMPAT_FLAGS from the Makefile elsewhere"
#endif
