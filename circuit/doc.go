// Package circuit is the zkWasm circuit: it turns a WebAssembly program into a PLONKish
// constraint system whose fixed columns are the program image, and an execution of it
// into the witness. It owns the chips (image and instruction fetch, execution table,
// memory consistency, call frames, range tables, public I/O) and the cost report. It
// never sees commitments: the prover and verifier (plonkish/backend) consume the
// (ConstraintSystem, Preprocessed, Witness) it produces.
//
// Arithmetization (RATIONALE.md, "## zkWasm circuit", has the reasons):
//
//   - Image: Compile lays a validated wasm.Module out flat (an entry stub, then every
//     function body; structured control flow resolved to absolute targets, values
//     dropped and kept). Its rows (pc, opcode, imm, imm2, imm3), the br_table entries and
//     the call_indirect table are one fixed lookup table, so the verifying key binds the
//     program.
//
//   - Execution table: one row per executed instruction. State columns pc, h (stack
//     height), fp (frame base), cid (timestamp of the frame's call), T (top of the operand
//     stack, cached in the row: T@+1 is every instruction's result), io_in/io_out
//     (public I/O counters). A two-level one-hot selector over the classes the program
//     uses (per-program layout, last bits implicit) picks the opcode class; flags
//     w64/f1/f2 and the immediates come from the image through the fetch lookup.
//
//   - Memory: the value stack, locals, globals and linear memory (8-byte words) are one
//     address space checked by offline memory checking on a multiset bus (plonkish.Bus):
//     every access consumes the token (addr, value, previous timestamp) and emits
//     (addr, value', now); the previous timestamp is proven older by a lookup; boundary
//     rows after halt emit each touched address's initial token (value from the image's
//     initial-memory rows) and consume its final one. Two access slots per row (three for
//     stores) suffice thanks to the T register.
//
//   - Calls: a frame bus; call emits (now, return pc, fp, cid), return consumes the token
//     of its own cid. call_indirect looks its callee and type up in the image table.
//
//   - Range checks: LimbBits-bit limbs (L for results, differences and loaded bytes, H
//     for high parts, memory-word bytes and small dynamic operands; absent in programs
//     none of whose classes reads them) looked up in range rows of the image table, or,
//     in programs with and/or/xor, pairwise in a limb AND table that also gives
//     X_j = L_j AND H_j.
//
//   - Public values: wasm_input(1) and wasm_output go through (index, value) lookups into
//     one instance column (0, n_in, inputs, n_out, outputs); at halt the counters must
//     equal the counts. Private inputs are witness only; require(0) and traps have no
//     witness.
//
//   - Signed and bit-count operations (RATIONALE.md, "signed arithmetic, bit counts"):
//     shr_s takes the operand's sign from a byte group (Y, or V for dynamic i64), i32
//     div_s/rem_s works on magnitudes (i64: with the V and W byte groups, in an extension
//     class whose selector and columns only its programs have), clz/ctz use the power rows,
//     popcnt byte rows.
//     Conditional returns are class return_if, br_table entries may return; a start
//     function is called by the stub.
//
//   - memory.grow and accesses across words (RATIONALE.md, "memory.grow and accesses
//     across words"): the memory size is a token (memory.size reads it); a grown word's
//     initial token is stamped with the time of the grow that allocated it; a crossing
//     load reads the next word by slot 1, a crossing store is followed by a tail row
//     (Execution.Tails) that writes it.
//
// Instructions the circuit does not constrain yet are refused by Compile (and
// Image.Validate) with the function, instruction index, byte offset and opcode:
// imported start functions (which cannot link with the host ABI anyway), foreign host
// functions, imported globals, memories and tables.
//
// Use:
//
//	img, err := circuit.Compile(module, "zkmain", circuit.CompileOptions{})
//	c, pre, wit, ex, err := circuit.Assign(img, circuit.Inputs{Public: pub, Private: priv}, circuit.DefaultParams(20))
//	err = mock.Verify(c.CS, pre, wit)              // or plonkish/backend Setup/Prove
//	fmt.Print(c.CostOf(ex, wit))                   // the cost report
//	inst := circuit.PublicInstance(ex.PublicIn, ex.PublicOut) // what a verifier checks
//
// Imports: plonkish, wasm (module types only) and gnark-crypto's field; never a
// commitment or prover package.
package circuit
