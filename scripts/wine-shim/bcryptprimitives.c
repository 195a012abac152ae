/*
 * bcryptprimitives.dll shim for running our Windows test build under Wine.
 *
 * TEST SCAFFOLDING ONLY. This DLL is never shipped to users and never goes
 * into an installer: real Windows (10 and later) has its own
 * bcryptprimitives.dll with ProcessPrng.
 *
 * Why it exists: Rust's std (1.78+) on Windows gets its random numbers (for
 * example the HashMap seeds) from ProcessPrng in bcryptprimitives.dll. Wine 8,
 * the version Debian 12 ships, has no bcryptprimitives.dll at all, so any Rust
 * .exe fails to load under it. scripts/test builds this file into
 * target/wine-shim/bcryptprimitives.dll and copies it next to the .exe; Windows'
 * DLL search order looks in the program's own folder first, so Wine picks it up.
 *
 * ProcessPrng is implemented with SystemFunction036 (a.k.a. RtlGenRandom,
 * exported by advapi32.dll), which Wine does implement.
 *
 * Build (see scripts/test):
 *   x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll \
 *       bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

/* Declared by hand rather than via <ntsecapi.h>, whose RtlGenRandom macro
 * renames it; the export in advapi32 is called SystemFunction036. */
BOOLEAN WINAPI SystemFunction036(PVOID RandomBuffer, ULONG RandomBufferLength);

/* Same signature as the real one: fills cbData bytes, always returns TRUE on
 * Windows (callers such as Rust's std treat FALSE as fatal). */
BOOL WINAPI ProcessPrng(PBYTE pbData, SIZE_T cbData)
{
    /* SIZE_T is 64-bit but RtlGenRandom takes a 32-bit length: go in chunks. */
    while (cbData > 0) {
        ULONG chunk = cbData > 0x40000000u ? 0x40000000u : (ULONG)cbData;
        if (!SystemFunction036(pbData, chunk))
            return FALSE;
        pbData += chunk;
        cbData -= chunk;
    }
    return TRUE;
}
