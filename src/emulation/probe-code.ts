/**
 * Machine code of the execution probe, per profile architecture: load argc
 * from the initial stack, add 39 and exit with that code. Run with two
 * arguments (argc 3), a probe exits 42; an emulator that gets argv[0] wrong
 * (the binfmt P flag set or missing against what it expects) shifts argc and
 * so the code by one.
 */
export interface ProbeCode {
  /** Instructions, already in the architecture's byte order. */
  code: Buffer;
  /** ELF e_flags the loaders want (ABI version, float ABI). */
  flags: number;
}

/** Packs 32-bit instruction words in the given byte order. */
function words(little: boolean, ...list: number[]): Buffer {
  const out = Buffer.alloc(list.length * 4);
  list.forEach((w, i) =>
    little ? out.writeUInt32LE(w, i * 4) : out.writeUInt32BE(w, i * 4),
  );
  return out;
}

export const PROBE_CODE: Record<string, ProbeCode> = {
  // mov rdi, [rsp]; add rdi, 39; mov eax, 60 (exit); syscall
  amd64: {
    code: Buffer.from('488b3c244883c727b83c0000000f05', 'hex'),
    flags: 0,
  },
  // mov ebx, [esp]; add ebx, 39; mov eax, 1 (exit); int 0x80
  '386': {
    code: Buffer.from('8b1c2483c327b801000000cd80', 'hex'),
    flags: 0,
  },
  // ldr x0, [sp]; add x0, x0, #39; mov x8, #93 (exit); svc #0
  arm64: {
    code: words(true, 0xf94003e0, 0x91009c00, 0xd2800ba8, 0xd4000001),
    flags: 0,
  },
  // ldr r0, [sp]; add r0, r0, #39; mov r7, #1 (exit); svc #0 (EABI version 5)
  arm: {
    code: words(true, 0xe59d0000, 0xe2800027, 0xe3a07001, 0xef000000),
    flags: 0x05000000,
  },
  // ld r3, 0(r1); addi r3, r3, 39; li r0, 1 (exit); sc (ELFv2 ABI)
  ppc64le: {
    code: words(true, 0xe8610000, 0x38630027, 0x38000001, 0x44000002),
    flags: 2,
  },
  // lg %r2, 0(%r15); aghi %r2, 39; svc 1 (exit)
  s390x: {
    code: Buffer.from('e320f0000004a72b00270a01', 'hex'),
    flags: 0,
  },
  // ld a0, 0(sp); addi a0, a0, 39; li a7, 93 (exit); ecall (RVC, double-float ABI)
  riscv64: {
    code: words(true, 0x00013503, 0x02750513, 0x05d00893, 0x00000073),
    flags: 0x5,
  },
  // ld a0, 0(sp); daddiu a0, a0, 39; daddiu v0, zero, 5058 (n64 exit); syscall
  mips64le: {
    code: words(true, 0xdfa40000, 0x64840027, 0x640213c2, 0x0000000c),
    flags: 0x80000007,
  },
  // ld.d a0, sp, 0; addi.d a0, a0, 39; addi.w a7, zero, 93 (exit); syscall 0
  loong64: {
    code: words(true, 0x28c00064, 0x02c09c84, 0x0281740b, 0x002b0000),
    flags: 0x43,
  },
};
