// Spec names for the numbers the hardware uses: opcodes, CSR addresses,
// exception causes, mstatus/mip bits and PTE bits. Values follow the RISC-V
// unprivileged and privileged manuals (riscv/riscv-isa-manual).

// The SYSTEM instructions that are whole fixed words (privileged spec, "Instruction listings").
export const INSN_ECALL: u32 = 0x00000073;
export const INSN_EBREAK: u32 = 0x00100073;
export const INSN_SRET: u32 = 0x10200073;
export const INSN_MRET: u32 = 0x30200073;
export const INSN_WFI: u32 = 0x10500073;

// Major opcodes, as insn[6:2] (the dense 0..31 range the run loop switches on).
export const OP_LOAD: u32 = 0x00;
export const OP_MISC_MEM: u32 = 0x03;
export const OP_OP_IMM: u32 = 0x04;
export const OP_AUIPC: u32 = 0x05;
export const OP_STORE: u32 = 0x08;
export const OP_AMO: u32 = 0x0b;
export const OP_OP: u32 = 0x0c;
export const OP_LUI: u32 = 0x0d;
export const OP_BRANCH: u32 = 0x18;
export const OP_JALR: u32 = 0x19;
export const OP_JAL: u32 = 0x1b;
export const OP_SYSTEM: u32 = 0x1c;

// Privilege levels.
export const PRV_U: u32 = 0;
export const PRV_S: u32 = 1;
export const PRV_M: u32 = 3;

// Exception causes (mcause with the interrupt bit clear).
export const CAUSE_MISALIGNED_FETCH: u32 = 0;
export const CAUSE_FETCH_ACCESS: u32 = 1;
export const CAUSE_ILLEGAL_INSTRUCTION: u32 = 2;
export const CAUSE_BREAKPOINT: u32 = 3;
export const CAUSE_MISALIGNED_LOAD: u32 = 4;
export const CAUSE_LOAD_ACCESS: u32 = 5;
export const CAUSE_MISALIGNED_STORE: u32 = 6;
export const CAUSE_STORE_ACCESS: u32 = 7;
export const CAUSE_USER_ECALL: u32 = 8;
export const CAUSE_SUPERVISOR_ECALL: u32 = 9;
export const CAUSE_MACHINE_ECALL: u32 = 11;
export const CAUSE_FETCH_PAGE_FAULT: u32 = 12;
export const CAUSE_LOAD_PAGE_FAULT: u32 = 13;
export const CAUSE_STORE_PAGE_FAULT: u32 = 15;

// Interrupt numbers (mcause with bit 31 set; also the mip/mie bit index).
export const CAUSE_INTERRUPT: u32 = 0x80000000;
export const IRQ_S_SOFT: u32 = 1;
export const IRQ_M_SOFT: u32 = 3;
export const IRQ_S_TIMER: u32 = 5;
export const IRQ_M_TIMER: u32 = 7;
export const IRQ_S_EXT: u32 = 9;
export const IRQ_M_EXT: u32 = 11;
export const MIP_SSIP: u32 = 1 << IRQ_S_SOFT;
export const MIP_MSIP: u32 = 1 << IRQ_M_SOFT;
export const MIP_STIP: u32 = 1 << IRQ_S_TIMER;
export const MIP_MTIP: u32 = 1 << IRQ_M_TIMER;
export const MIP_SEIP: u32 = 1 << IRQ_S_EXT;
export const MIP_MEIP: u32 = 1 << IRQ_M_EXT;

// mstatus fields (RV32).
export const MSTATUS_SIE: u32 = 1 << 1;
export const MSTATUS_MIE: u32 = 1 << 3;
export const MSTATUS_SPIE: u32 = 1 << 5;
export const MSTATUS_UBE: u32 = 1 << 6;
export const MSTATUS_MPIE: u32 = 1 << 7;
export const MSTATUS_SPP: u32 = 1 << 8;
export const MSTATUS_VS: u32 = 3 << 9;
export const MSTATUS_MPP: u32 = 3 << 11;
export const MSTATUS_MPP_SHIFT: u32 = 11;
export const MSTATUS_FS: u32 = 3 << 13;
export const MSTATUS_XS: u32 = 3 << 15;
export const MSTATUS_MPRV: u32 = 1 << 17;
export const MSTATUS_SUM: u32 = 1 << 18;
export const MSTATUS_MXR: u32 = 1 << 19;
export const MSTATUS_TVM: u32 = 1 << 20;
export const MSTATUS_TW: u32 = 1 << 21;
export const MSTATUS_TSR: u32 = 1 << 22;
export const MSTATUS_SD: u32 = 1 << 31;

// satp (Sv32 layout on RV32).
export const SATP_MODE_SHIFT: u32 = 31;
export const SATP_ASID_SHIFT: u32 = 22;
export const SATP_ASID_MASK: u32 = 0x1ff; // ASIDLEN = 9, the RV32 maximum
export const SATP_PPN_MASK: u32 = 0x3fffff;
export const SATP_MODE_BARE: u32 = 0;
export const SATP_MODE_SV32: u32 = 1;

// Page-table entry bits.
export const PTE_V: u32 = 1 << 0;
export const PTE_R: u32 = 1 << 1;
export const PTE_W: u32 = 1 << 2;
export const PTE_X: u32 = 1 << 3;
export const PTE_U: u32 = 1 << 4;
export const PTE_G: u32 = 1 << 5;
export const PTE_A: u32 = 1 << 6;
export const PTE_D: u32 = 1 << 7;
export const PTE_PPN_SHIFT: u32 = 10;

export const PAGE_SHIFT: u32 = 12;
export const PAGE_SIZE: u32 = 1 << PAGE_SHIFT;
export const PAGE_OFFSET_MASK: u32 = PAGE_SIZE - 1;

// Memory access types, also the index of per-type statistics.
export const ACCESS_FETCH: u32 = 0;
export const ACCESS_LOAD: u32 = 1;
export const ACCESS_STORE: u32 = 2;

// CSR addresses.
export const CSR_SSTATUS: u32 = 0x100;
export const CSR_SIE: u32 = 0x104;
export const CSR_STVEC: u32 = 0x105;
export const CSR_SCOUNTEREN: u32 = 0x106;
export const CSR_SENVCFG: u32 = 0x10a;
export const CSR_SSCRATCH: u32 = 0x140;
export const CSR_SEPC: u32 = 0x141;
export const CSR_SCAUSE: u32 = 0x142;
export const CSR_STVAL: u32 = 0x143;
export const CSR_SIP: u32 = 0x144;
export const CSR_SATP: u32 = 0x180;
export const CSR_MSTATUS: u32 = 0x300;
export const CSR_MISA: u32 = 0x301;
export const CSR_MEDELEG: u32 = 0x302;
export const CSR_MIDELEG: u32 = 0x303;
export const CSR_MIE: u32 = 0x304;
export const CSR_MTVEC: u32 = 0x305;
export const CSR_MCOUNTEREN: u32 = 0x306;
export const CSR_MENVCFG: u32 = 0x30a;
export const CSR_MSTATUSH: u32 = 0x310;
export const CSR_MENVCFGH: u32 = 0x31a;
export const CSR_MSCRATCH: u32 = 0x340;
export const CSR_MEPC: u32 = 0x341;
export const CSR_MCAUSE: u32 = 0x342;
export const CSR_MTVAL: u32 = 0x343;
export const CSR_MIP: u32 = 0x344;
export const CSR_PMPCFG0: u32 = 0x3a0;
export const CSR_PMPCFG3: u32 = 0x3a3;
export const CSR_PMPADDR0: u32 = 0x3b0;
export const CSR_PMPADDR15: u32 = 0x3bf;
export const CSR_TSELECT: u32 = 0x7a0;
export const CSR_TDATA1: u32 = 0x7a1;
export const CSR_TDATA2: u32 = 0x7a2;
export const CSR_TDATA3: u32 = 0x7a3;
export const CSR_MCYCLE: u32 = 0xb00;
export const CSR_MINSTRET: u32 = 0xb02;
export const CSR_MCYCLEH: u32 = 0xb80;
export const CSR_MINSTRETH: u32 = 0xb82;
export const CSR_CYCLE: u32 = 0xc00;
export const CSR_TIME: u32 = 0xc01;
export const CSR_INSTRET: u32 = 0xc02;
export const CSR_CYCLEH: u32 = 0xc80;
export const CSR_TIMEH: u32 = 0xc81;
export const CSR_INSTRETH: u32 = 0xc82;
export const CSR_MVENDORID: u32 = 0xf11;
export const CSR_MARCHID: u32 = 0xf12;
export const CSR_MIMPID: u32 = 0xf13;
export const CSR_MHARTID: u32 = 0xf14;

// misa: MXL = 1 (XLEN 32) and the letters A, C, I, M, S, U.
export const MISA_VALUE: u32 =
  (1 << 30) | (1 << 0) | (1 << 2) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20);

// Physical memory map.
export const RAM_BASE: u32 = 0x80000000;
export const CLINT_BASE: u32 = 0x02000000;
export const CLINT_SIZE: u32 = 0x10000;
export const CLINT_MSIP: u32 = 0x0000;
export const CLINT_MTIMECMP: u32 = 0x4000;
export const CLINT_MTIME: u32 = 0xbff8;
