// The opcode table of §5.4 (binary format of instructions), one entry per opcode.

package wasm

// Opcode identifies an instruction. One-byte opcodes are their byte; 0xFC-prefixed
// opcodes are 0xFC00|subopcode (§5.4).
type Opcode uint16

// Opcodes (§5.4). Those tagged unsupported are decoded only to be refused by name.
const (
	OpUnreachable       Opcode = 0x0    // unreachable
	OpNop               Opcode = 0x1    // nop
	OpBlock             Opcode = 0x2    // block
	OpLoop              Opcode = 0x3    // loop
	OpIf                Opcode = 0x4    // if
	OpElse              Opcode = 0x5    // else
	OpEnd               Opcode = 0xb    // end
	OpBr                Opcode = 0xc    // br
	OpBrIf              Opcode = 0xd    // br_if
	OpBrTable           Opcode = 0xe    // br_table
	OpReturn            Opcode = 0xf    // return
	OpCall              Opcode = 0x10   // call
	OpCallIndirect      Opcode = 0x11   // call_indirect
	OpDrop              Opcode = 0x1a   // drop
	OpSelect            Opcode = 0x1b   // select
	OpSelectT           Opcode = 0x1c   // select_t (unsupported: reference types)
	OpLocalGet          Opcode = 0x20   // local.get
	OpLocalSet          Opcode = 0x21   // local.set
	OpLocalTee          Opcode = 0x22   // local.tee
	OpGlobalGet         Opcode = 0x23   // global.get
	OpGlobalSet         Opcode = 0x24   // global.set
	OpTableGet          Opcode = 0x25   // table.get (unsupported: reference types)
	OpTableSet          Opcode = 0x26   // table.set (unsupported: reference types)
	OpI32Load           Opcode = 0x28   // i32.load
	OpI64Load           Opcode = 0x29   // i64.load
	OpF32Load           Opcode = 0x2a   // f32.load (unsupported: floats)
	OpF64Load           Opcode = 0x2b   // f64.load (unsupported: floats)
	OpI32Load8S         Opcode = 0x2c   // i32.load8_s
	OpI32Load8U         Opcode = 0x2d   // i32.load8_u
	OpI32Load16S        Opcode = 0x2e   // i32.load16_s
	OpI32Load16U        Opcode = 0x2f   // i32.load16_u
	OpI64Load8S         Opcode = 0x30   // i64.load8_s
	OpI64Load8U         Opcode = 0x31   // i64.load8_u
	OpI64Load16S        Opcode = 0x32   // i64.load16_s
	OpI64Load16U        Opcode = 0x33   // i64.load16_u
	OpI64Load32S        Opcode = 0x34   // i64.load32_s
	OpI64Load32U        Opcode = 0x35   // i64.load32_u
	OpI32Store          Opcode = 0x36   // i32.store
	OpI64Store          Opcode = 0x37   // i64.store
	OpF32Store          Opcode = 0x38   // f32.store (unsupported: floats)
	OpF64Store          Opcode = 0x39   // f64.store (unsupported: floats)
	OpI32Store8         Opcode = 0x3a   // i32.store8
	OpI32Store16        Opcode = 0x3b   // i32.store16
	OpI64Store8         Opcode = 0x3c   // i64.store8
	OpI64Store16        Opcode = 0x3d   // i64.store16
	OpI64Store32        Opcode = 0x3e   // i64.store32
	OpMemorySize        Opcode = 0x3f   // memory.size
	OpMemoryGrow        Opcode = 0x40   // memory.grow
	OpI32Const          Opcode = 0x41   // i32.const
	OpI64Const          Opcode = 0x42   // i64.const
	OpF32Const          Opcode = 0x43   // f32.const (unsupported: floats)
	OpF64Const          Opcode = 0x44   // f64.const (unsupported: floats)
	OpI32Eqz            Opcode = 0x45   // i32.eqz
	OpI32Eq             Opcode = 0x46   // i32.eq
	OpI32Ne             Opcode = 0x47   // i32.ne
	OpI32LtS            Opcode = 0x48   // i32.lt_s
	OpI32LtU            Opcode = 0x49   // i32.lt_u
	OpI32GtS            Opcode = 0x4a   // i32.gt_s
	OpI32GtU            Opcode = 0x4b   // i32.gt_u
	OpI32LeS            Opcode = 0x4c   // i32.le_s
	OpI32LeU            Opcode = 0x4d   // i32.le_u
	OpI32GeS            Opcode = 0x4e   // i32.ge_s
	OpI32GeU            Opcode = 0x4f   // i32.ge_u
	OpI64Eqz            Opcode = 0x50   // i64.eqz
	OpI64Eq             Opcode = 0x51   // i64.eq
	OpI64Ne             Opcode = 0x52   // i64.ne
	OpI64LtS            Opcode = 0x53   // i64.lt_s
	OpI64LtU            Opcode = 0x54   // i64.lt_u
	OpI64GtS            Opcode = 0x55   // i64.gt_s
	OpI64GtU            Opcode = 0x56   // i64.gt_u
	OpI64LeS            Opcode = 0x57   // i64.le_s
	OpI64LeU            Opcode = 0x58   // i64.le_u
	OpI64GeS            Opcode = 0x59   // i64.ge_s
	OpI64GeU            Opcode = 0x5a   // i64.ge_u
	OpF32Eq             Opcode = 0x5b   // f32.eq (unsupported: floats)
	OpF32Ne             Opcode = 0x5c   // f32.ne (unsupported: floats)
	OpF32Lt             Opcode = 0x5d   // f32.lt (unsupported: floats)
	OpF32Gt             Opcode = 0x5e   // f32.gt (unsupported: floats)
	OpF32Le             Opcode = 0x5f   // f32.le (unsupported: floats)
	OpF32Ge             Opcode = 0x60   // f32.ge (unsupported: floats)
	OpF64Eq             Opcode = 0x61   // f64.eq (unsupported: floats)
	OpF64Ne             Opcode = 0x62   // f64.ne (unsupported: floats)
	OpF64Lt             Opcode = 0x63   // f64.lt (unsupported: floats)
	OpF64Gt             Opcode = 0x64   // f64.gt (unsupported: floats)
	OpF64Le             Opcode = 0x65   // f64.le (unsupported: floats)
	OpF64Ge             Opcode = 0x66   // f64.ge (unsupported: floats)
	OpI32Clz            Opcode = 0x67   // i32.clz
	OpI32Ctz            Opcode = 0x68   // i32.ctz
	OpI32Popcnt         Opcode = 0x69   // i32.popcnt
	OpI32Add            Opcode = 0x6a   // i32.add
	OpI32Sub            Opcode = 0x6b   // i32.sub
	OpI32Mul            Opcode = 0x6c   // i32.mul
	OpI32DivS           Opcode = 0x6d   // i32.div_s
	OpI32DivU           Opcode = 0x6e   // i32.div_u
	OpI32RemS           Opcode = 0x6f   // i32.rem_s
	OpI32RemU           Opcode = 0x70   // i32.rem_u
	OpI32And            Opcode = 0x71   // i32.and
	OpI32Or             Opcode = 0x72   // i32.or
	OpI32Xor            Opcode = 0x73   // i32.xor
	OpI32Shl            Opcode = 0x74   // i32.shl
	OpI32ShrS           Opcode = 0x75   // i32.shr_s
	OpI32ShrU           Opcode = 0x76   // i32.shr_u
	OpI32Rotl           Opcode = 0x77   // i32.rotl
	OpI32Rotr           Opcode = 0x78   // i32.rotr
	OpI64Clz            Opcode = 0x79   // i64.clz
	OpI64Ctz            Opcode = 0x7a   // i64.ctz
	OpI64Popcnt         Opcode = 0x7b   // i64.popcnt
	OpI64Add            Opcode = 0x7c   // i64.add
	OpI64Sub            Opcode = 0x7d   // i64.sub
	OpI64Mul            Opcode = 0x7e   // i64.mul
	OpI64DivS           Opcode = 0x7f   // i64.div_s
	OpI64DivU           Opcode = 0x80   // i64.div_u
	OpI64RemS           Opcode = 0x81   // i64.rem_s
	OpI64RemU           Opcode = 0x82   // i64.rem_u
	OpI64And            Opcode = 0x83   // i64.and
	OpI64Or             Opcode = 0x84   // i64.or
	OpI64Xor            Opcode = 0x85   // i64.xor
	OpI64Shl            Opcode = 0x86   // i64.shl
	OpI64ShrS           Opcode = 0x87   // i64.shr_s
	OpI64ShrU           Opcode = 0x88   // i64.shr_u
	OpI64Rotl           Opcode = 0x89   // i64.rotl
	OpI64Rotr           Opcode = 0x8a   // i64.rotr
	OpF32Abs            Opcode = 0x8b   // f32.abs (unsupported: floats)
	OpF32Neg            Opcode = 0x8c   // f32.neg (unsupported: floats)
	OpF32Ceil           Opcode = 0x8d   // f32.ceil (unsupported: floats)
	OpF32Floor          Opcode = 0x8e   // f32.floor (unsupported: floats)
	OpF32Trunc          Opcode = 0x8f   // f32.trunc (unsupported: floats)
	OpF32Nearest        Opcode = 0x90   // f32.nearest (unsupported: floats)
	OpF32Sqrt           Opcode = 0x91   // f32.sqrt (unsupported: floats)
	OpF32Add            Opcode = 0x92   // f32.add (unsupported: floats)
	OpF32Sub            Opcode = 0x93   // f32.sub (unsupported: floats)
	OpF32Mul            Opcode = 0x94   // f32.mul (unsupported: floats)
	OpF32Div            Opcode = 0x95   // f32.div (unsupported: floats)
	OpF32Min            Opcode = 0x96   // f32.min (unsupported: floats)
	OpF32Max            Opcode = 0x97   // f32.max (unsupported: floats)
	OpF32Copysign       Opcode = 0x98   // f32.copysign (unsupported: floats)
	OpF64Abs            Opcode = 0x99   // f64.abs (unsupported: floats)
	OpF64Neg            Opcode = 0x9a   // f64.neg (unsupported: floats)
	OpF64Ceil           Opcode = 0x9b   // f64.ceil (unsupported: floats)
	OpF64Floor          Opcode = 0x9c   // f64.floor (unsupported: floats)
	OpF64Trunc          Opcode = 0x9d   // f64.trunc (unsupported: floats)
	OpF64Nearest        Opcode = 0x9e   // f64.nearest (unsupported: floats)
	OpF64Sqrt           Opcode = 0x9f   // f64.sqrt (unsupported: floats)
	OpF64Add            Opcode = 0xa0   // f64.add (unsupported: floats)
	OpF64Sub            Opcode = 0xa1   // f64.sub (unsupported: floats)
	OpF64Mul            Opcode = 0xa2   // f64.mul (unsupported: floats)
	OpF64Div            Opcode = 0xa3   // f64.div (unsupported: floats)
	OpF64Min            Opcode = 0xa4   // f64.min (unsupported: floats)
	OpF64Max            Opcode = 0xa5   // f64.max (unsupported: floats)
	OpF64Copysign       Opcode = 0xa6   // f64.copysign (unsupported: floats)
	OpI32WrapI64        Opcode = 0xa7   // i32.wrap_i64
	OpI32TruncF32S      Opcode = 0xa8   // i32.trunc_f32_s (unsupported: floats)
	OpI32TruncF32U      Opcode = 0xa9   // i32.trunc_f32_u (unsupported: floats)
	OpI32TruncF64S      Opcode = 0xaa   // i32.trunc_f64_s (unsupported: floats)
	OpI32TruncF64U      Opcode = 0xab   // i32.trunc_f64_u (unsupported: floats)
	OpI64ExtendI32S     Opcode = 0xac   // i64.extend_i32_s
	OpI64ExtendI32U     Opcode = 0xad   // i64.extend_i32_u
	OpI64TruncF32S      Opcode = 0xae   // i64.trunc_f32_s (unsupported: floats)
	OpI64TruncF32U      Opcode = 0xaf   // i64.trunc_f32_u (unsupported: floats)
	OpI64TruncF64S      Opcode = 0xb0   // i64.trunc_f64_s (unsupported: floats)
	OpI64TruncF64U      Opcode = 0xb1   // i64.trunc_f64_u (unsupported: floats)
	OpF32ConvertI32S    Opcode = 0xb2   // f32.convert_i32_s (unsupported: floats)
	OpF32ConvertI32U    Opcode = 0xb3   // f32.convert_i32_u (unsupported: floats)
	OpF32ConvertI64S    Opcode = 0xb4   // f32.convert_i64_s (unsupported: floats)
	OpF32ConvertI64U    Opcode = 0xb5   // f32.convert_i64_u (unsupported: floats)
	OpF32DemoteF64      Opcode = 0xb6   // f32.demote_f64 (unsupported: floats)
	OpF64ConvertI32S    Opcode = 0xb7   // f64.convert_i32_s (unsupported: floats)
	OpF64ConvertI32U    Opcode = 0xb8   // f64.convert_i32_u (unsupported: floats)
	OpF64ConvertI64S    Opcode = 0xb9   // f64.convert_i64_s (unsupported: floats)
	OpF64ConvertI64U    Opcode = 0xba   // f64.convert_i64_u (unsupported: floats)
	OpF64PromoteF32     Opcode = 0xbb   // f64.promote_f32 (unsupported: floats)
	OpI32ReinterpretF32 Opcode = 0xbc   // i32.reinterpret_f32 (unsupported: floats)
	OpI64ReinterpretF64 Opcode = 0xbd   // i64.reinterpret_f64 (unsupported: floats)
	OpF32ReinterpretI32 Opcode = 0xbe   // f32.reinterpret_i32 (unsupported: floats)
	OpF64ReinterpretI64 Opcode = 0xbf   // f64.reinterpret_i64 (unsupported: floats)
	OpI32Extend8S       Opcode = 0xc0   // i32.extend8_s
	OpI32Extend16S      Opcode = 0xc1   // i32.extend16_s
	OpI64Extend8S       Opcode = 0xc2   // i64.extend8_s
	OpI64Extend16S      Opcode = 0xc3   // i64.extend16_s
	OpI64Extend32S      Opcode = 0xc4   // i64.extend32_s
	OpRefNull           Opcode = 0xd0   // ref.null (unsupported: reference types)
	OpRefIsNull         Opcode = 0xd1   // ref.is_null (unsupported: reference types)
	OpRefFunc           Opcode = 0xd2   // ref.func (unsupported: reference types)
	OpI32TruncSatF32S   Opcode = 0xfc00 // i32.trunc_sat_f32_s (unsupported: floats)
	OpI32TruncSatF32U   Opcode = 0xfc01 // i32.trunc_sat_f32_u (unsupported: floats)
	OpI32TruncSatF64S   Opcode = 0xfc02 // i32.trunc_sat_f64_s (unsupported: floats)
	OpI32TruncSatF64U   Opcode = 0xfc03 // i32.trunc_sat_f64_u (unsupported: floats)
	OpI64TruncSatF32S   Opcode = 0xfc04 // i64.trunc_sat_f32_s (unsupported: floats)
	OpI64TruncSatF32U   Opcode = 0xfc05 // i64.trunc_sat_f32_u (unsupported: floats)
	OpI64TruncSatF64S   Opcode = 0xfc06 // i64.trunc_sat_f64_s (unsupported: floats)
	OpI64TruncSatF64U   Opcode = 0xfc07 // i64.trunc_sat_f64_u (unsupported: floats)
	OpMemoryInit        Opcode = 0xfc08 // memory.init (unsupported: bulk memory)
	OpDataDrop          Opcode = 0xfc09 // data.drop (unsupported: bulk memory)
	OpMemoryCopy        Opcode = 0xfc0a // memory.copy (unsupported: bulk memory)
	OpMemoryFill        Opcode = 0xfc0b // memory.fill (unsupported: bulk memory)
	OpTableInit         Opcode = 0xfc0c // table.init (unsupported: reference types)
	OpElemDrop          Opcode = 0xfc0d // elem.drop (unsupported: reference types)
	OpTableCopy         Opcode = 0xfc0e // table.copy (unsupported: reference types)
	OpTableGrow         Opcode = 0xfc0f // table.grow (unsupported: reference types)
	OpTableSize         Opcode = 0xfc10 // table.size (unsupported: reference types)
	OpTableFill         Opcode = 0xfc11 // table.fill (unsupported: reference types)
)

type opInfo struct {
	name    string
	feature string // non-empty: the unsupported feature this opcode belongs to
}

var opInfos = map[Opcode]opInfo{
	OpUnreachable:       {"unreachable", ""},
	OpNop:               {"nop", ""},
	OpBlock:             {"block", ""},
	OpLoop:              {"loop", ""},
	OpIf:                {"if", ""},
	OpElse:              {"else", ""},
	OpEnd:               {"end", ""},
	OpBr:                {"br", ""},
	OpBrIf:              {"br_if", ""},
	OpBrTable:           {"br_table", ""},
	OpReturn:            {"return", ""},
	OpCall:              {"call", ""},
	OpCallIndirect:      {"call_indirect", ""},
	OpDrop:              {"drop", ""},
	OpSelect:            {"select", ""},
	OpSelectT:           {"select_t", "reference types"},
	OpLocalGet:          {"local.get", ""},
	OpLocalSet:          {"local.set", ""},
	OpLocalTee:          {"local.tee", ""},
	OpGlobalGet:         {"global.get", ""},
	OpGlobalSet:         {"global.set", ""},
	OpTableGet:          {"table.get", "reference types"},
	OpTableSet:          {"table.set", "reference types"},
	OpI32Load:           {"i32.load", ""},
	OpI64Load:           {"i64.load", ""},
	OpF32Load:           {"f32.load", "floats"},
	OpF64Load:           {"f64.load", "floats"},
	OpI32Load8S:         {"i32.load8_s", ""},
	OpI32Load8U:         {"i32.load8_u", ""},
	OpI32Load16S:        {"i32.load16_s", ""},
	OpI32Load16U:        {"i32.load16_u", ""},
	OpI64Load8S:         {"i64.load8_s", ""},
	OpI64Load8U:         {"i64.load8_u", ""},
	OpI64Load16S:        {"i64.load16_s", ""},
	OpI64Load16U:        {"i64.load16_u", ""},
	OpI64Load32S:        {"i64.load32_s", ""},
	OpI64Load32U:        {"i64.load32_u", ""},
	OpI32Store:          {"i32.store", ""},
	OpI64Store:          {"i64.store", ""},
	OpF32Store:          {"f32.store", "floats"},
	OpF64Store:          {"f64.store", "floats"},
	OpI32Store8:         {"i32.store8", ""},
	OpI32Store16:        {"i32.store16", ""},
	OpI64Store8:         {"i64.store8", ""},
	OpI64Store16:        {"i64.store16", ""},
	OpI64Store32:        {"i64.store32", ""},
	OpMemorySize:        {"memory.size", ""},
	OpMemoryGrow:        {"memory.grow", ""},
	OpI32Const:          {"i32.const", ""},
	OpI64Const:          {"i64.const", ""},
	OpF32Const:          {"f32.const", "floats"},
	OpF64Const:          {"f64.const", "floats"},
	OpI32Eqz:            {"i32.eqz", ""},
	OpI32Eq:             {"i32.eq", ""},
	OpI32Ne:             {"i32.ne", ""},
	OpI32LtS:            {"i32.lt_s", ""},
	OpI32LtU:            {"i32.lt_u", ""},
	OpI32GtS:            {"i32.gt_s", ""},
	OpI32GtU:            {"i32.gt_u", ""},
	OpI32LeS:            {"i32.le_s", ""},
	OpI32LeU:            {"i32.le_u", ""},
	OpI32GeS:            {"i32.ge_s", ""},
	OpI32GeU:            {"i32.ge_u", ""},
	OpI64Eqz:            {"i64.eqz", ""},
	OpI64Eq:             {"i64.eq", ""},
	OpI64Ne:             {"i64.ne", ""},
	OpI64LtS:            {"i64.lt_s", ""},
	OpI64LtU:            {"i64.lt_u", ""},
	OpI64GtS:            {"i64.gt_s", ""},
	OpI64GtU:            {"i64.gt_u", ""},
	OpI64LeS:            {"i64.le_s", ""},
	OpI64LeU:            {"i64.le_u", ""},
	OpI64GeS:            {"i64.ge_s", ""},
	OpI64GeU:            {"i64.ge_u", ""},
	OpF32Eq:             {"f32.eq", "floats"},
	OpF32Ne:             {"f32.ne", "floats"},
	OpF32Lt:             {"f32.lt", "floats"},
	OpF32Gt:             {"f32.gt", "floats"},
	OpF32Le:             {"f32.le", "floats"},
	OpF32Ge:             {"f32.ge", "floats"},
	OpF64Eq:             {"f64.eq", "floats"},
	OpF64Ne:             {"f64.ne", "floats"},
	OpF64Lt:             {"f64.lt", "floats"},
	OpF64Gt:             {"f64.gt", "floats"},
	OpF64Le:             {"f64.le", "floats"},
	OpF64Ge:             {"f64.ge", "floats"},
	OpI32Clz:            {"i32.clz", ""},
	OpI32Ctz:            {"i32.ctz", ""},
	OpI32Popcnt:         {"i32.popcnt", ""},
	OpI32Add:            {"i32.add", ""},
	OpI32Sub:            {"i32.sub", ""},
	OpI32Mul:            {"i32.mul", ""},
	OpI32DivS:           {"i32.div_s", ""},
	OpI32DivU:           {"i32.div_u", ""},
	OpI32RemS:           {"i32.rem_s", ""},
	OpI32RemU:           {"i32.rem_u", ""},
	OpI32And:            {"i32.and", ""},
	OpI32Or:             {"i32.or", ""},
	OpI32Xor:            {"i32.xor", ""},
	OpI32Shl:            {"i32.shl", ""},
	OpI32ShrS:           {"i32.shr_s", ""},
	OpI32ShrU:           {"i32.shr_u", ""},
	OpI32Rotl:           {"i32.rotl", ""},
	OpI32Rotr:           {"i32.rotr", ""},
	OpI64Clz:            {"i64.clz", ""},
	OpI64Ctz:            {"i64.ctz", ""},
	OpI64Popcnt:         {"i64.popcnt", ""},
	OpI64Add:            {"i64.add", ""},
	OpI64Sub:            {"i64.sub", ""},
	OpI64Mul:            {"i64.mul", ""},
	OpI64DivS:           {"i64.div_s", ""},
	OpI64DivU:           {"i64.div_u", ""},
	OpI64RemS:           {"i64.rem_s", ""},
	OpI64RemU:           {"i64.rem_u", ""},
	OpI64And:            {"i64.and", ""},
	OpI64Or:             {"i64.or", ""},
	OpI64Xor:            {"i64.xor", ""},
	OpI64Shl:            {"i64.shl", ""},
	OpI64ShrS:           {"i64.shr_s", ""},
	OpI64ShrU:           {"i64.shr_u", ""},
	OpI64Rotl:           {"i64.rotl", ""},
	OpI64Rotr:           {"i64.rotr", ""},
	OpF32Abs:            {"f32.abs", "floats"},
	OpF32Neg:            {"f32.neg", "floats"},
	OpF32Ceil:           {"f32.ceil", "floats"},
	OpF32Floor:          {"f32.floor", "floats"},
	OpF32Trunc:          {"f32.trunc", "floats"},
	OpF32Nearest:        {"f32.nearest", "floats"},
	OpF32Sqrt:           {"f32.sqrt", "floats"},
	OpF32Add:            {"f32.add", "floats"},
	OpF32Sub:            {"f32.sub", "floats"},
	OpF32Mul:            {"f32.mul", "floats"},
	OpF32Div:            {"f32.div", "floats"},
	OpF32Min:            {"f32.min", "floats"},
	OpF32Max:            {"f32.max", "floats"},
	OpF32Copysign:       {"f32.copysign", "floats"},
	OpF64Abs:            {"f64.abs", "floats"},
	OpF64Neg:            {"f64.neg", "floats"},
	OpF64Ceil:           {"f64.ceil", "floats"},
	OpF64Floor:          {"f64.floor", "floats"},
	OpF64Trunc:          {"f64.trunc", "floats"},
	OpF64Nearest:        {"f64.nearest", "floats"},
	OpF64Sqrt:           {"f64.sqrt", "floats"},
	OpF64Add:            {"f64.add", "floats"},
	OpF64Sub:            {"f64.sub", "floats"},
	OpF64Mul:            {"f64.mul", "floats"},
	OpF64Div:            {"f64.div", "floats"},
	OpF64Min:            {"f64.min", "floats"},
	OpF64Max:            {"f64.max", "floats"},
	OpF64Copysign:       {"f64.copysign", "floats"},
	OpI32WrapI64:        {"i32.wrap_i64", ""},
	OpI32TruncF32S:      {"i32.trunc_f32_s", "floats"},
	OpI32TruncF32U:      {"i32.trunc_f32_u", "floats"},
	OpI32TruncF64S:      {"i32.trunc_f64_s", "floats"},
	OpI32TruncF64U:      {"i32.trunc_f64_u", "floats"},
	OpI64ExtendI32S:     {"i64.extend_i32_s", ""},
	OpI64ExtendI32U:     {"i64.extend_i32_u", ""},
	OpI64TruncF32S:      {"i64.trunc_f32_s", "floats"},
	OpI64TruncF32U:      {"i64.trunc_f32_u", "floats"},
	OpI64TruncF64S:      {"i64.trunc_f64_s", "floats"},
	OpI64TruncF64U:      {"i64.trunc_f64_u", "floats"},
	OpF32ConvertI32S:    {"f32.convert_i32_s", "floats"},
	OpF32ConvertI32U:    {"f32.convert_i32_u", "floats"},
	OpF32ConvertI64S:    {"f32.convert_i64_s", "floats"},
	OpF32ConvertI64U:    {"f32.convert_i64_u", "floats"},
	OpF32DemoteF64:      {"f32.demote_f64", "floats"},
	OpF64ConvertI32S:    {"f64.convert_i32_s", "floats"},
	OpF64ConvertI32U:    {"f64.convert_i32_u", "floats"},
	OpF64ConvertI64S:    {"f64.convert_i64_s", "floats"},
	OpF64ConvertI64U:    {"f64.convert_i64_u", "floats"},
	OpF64PromoteF32:     {"f64.promote_f32", "floats"},
	OpI32ReinterpretF32: {"i32.reinterpret_f32", "floats"},
	OpI64ReinterpretF64: {"i64.reinterpret_f64", "floats"},
	OpF32ReinterpretI32: {"f32.reinterpret_i32", "floats"},
	OpF64ReinterpretI64: {"f64.reinterpret_i64", "floats"},
	OpI32Extend8S:       {"i32.extend8_s", ""},
	OpI32Extend16S:      {"i32.extend16_s", ""},
	OpI64Extend8S:       {"i64.extend8_s", ""},
	OpI64Extend16S:      {"i64.extend16_s", ""},
	OpI64Extend32S:      {"i64.extend32_s", ""},
	OpRefNull:           {"ref.null", "reference types"},
	OpRefIsNull:         {"ref.is_null", "reference types"},
	OpRefFunc:           {"ref.func", "reference types"},
	OpI32TruncSatF32S:   {"i32.trunc_sat_f32_s", "floats"},
	OpI32TruncSatF32U:   {"i32.trunc_sat_f32_u", "floats"},
	OpI32TruncSatF64S:   {"i32.trunc_sat_f64_s", "floats"},
	OpI32TruncSatF64U:   {"i32.trunc_sat_f64_u", "floats"},
	OpI64TruncSatF32S:   {"i64.trunc_sat_f32_s", "floats"},
	OpI64TruncSatF32U:   {"i64.trunc_sat_f32_u", "floats"},
	OpI64TruncSatF64S:   {"i64.trunc_sat_f64_s", "floats"},
	OpI64TruncSatF64U:   {"i64.trunc_sat_f64_u", "floats"},
	OpMemoryInit:        {"memory.init", "bulk memory"},
	OpDataDrop:          {"data.drop", "bulk memory"},
	OpMemoryCopy:        {"memory.copy", "bulk memory"},
	OpMemoryFill:        {"memory.fill", "bulk memory"},
	OpTableInit:         {"table.init", "reference types"},
	OpElemDrop:          {"elem.drop", "reference types"},
	OpTableCopy:         {"table.copy", "reference types"},
	OpTableGrow:         {"table.grow", "reference types"},
	OpTableSize:         {"table.size", "reference types"},
	OpTableFill:         {"table.fill", "reference types"},
}
