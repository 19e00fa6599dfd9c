package pipeline

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkwasm/zkwasm/circuit"
	"github.com/zkwasm/zkwasm/plonkish/backend"
)

// ProofJSONVersion is the version of the proof.json format.
const ProofJSONVersion = 1

// ProofJSON is the content of proof.json: everything a verifier needs besides the
// verifying key. Numbers are decimal strings (field elements do not fit a JSON number).
type ProofJSON struct {
	Version int `json:"version"`
	// ImageID is the verifying key's digest (0x hex): the program, k and SRS proven.
	ImageID string `json:"image_id"`
	K       int    `json:"k"`
	// Instructions is the number of instructions executed.
	Instructions int `json:"instructions"`
	// PublicInputs are the words the guest read with wasm_input(1); Outputs the words it
	// wrote with wasm_output; both decimal.
	PublicInputs []string `json:"public_inputs"`
	Outputs      []string `json:"outputs"`
	// Instances are the instance columns flattened in column order (column 0, then 1),
	// decimal: the `instances` argument of the Solidity verifier. InstanceLengths is the
	// number of values of each column.
	Instances       []string `json:"instances"`
	InstanceLengths []int    `json:"instance_lengths"`
	// Proof is the proof body (0x hex), the `proof` argument of the Solidity verifier.
	Proof string `json:"proof"`
}

// Proven is the result of Prove.
type Proven struct {
	Proof *backend.Proof
	JSON  ProofJSON
}

// Prove proves the run r with pk (whose circuit is c).
func Prove(pk *backend.ProvingKey, c *circuit.Circuit, r *Run, progress Progress) (*Proven, error) {
	progress.Begin("witness")
	wit, err := c.Witness(r.Exec)
	if err != nil {
		progress.End()
		return nil, fmt.Errorf("witness: %w", err)
	}
	names := map[string]string{
		backend.PhaseAdvice:      "commit advice columns (round 1)",
		backend.PhaseLookups:     "commit lookup multiplicities (round 2)",
		backend.PhasePermutation: "commit lookup, permutation and shuffle arguments (round 3)",
		backend.PhaseQuotient:    "quotient",
		backend.PhaseOpening:     "opening",
	}
	proof, err := backend.Prove(pk, wit, nil, backend.WithProgress(func(phase string) {
		if n, ok := names[phase]; ok {
			phase = n
		}
		progress.Begin(phase)
	}))
	progress.End()
	if err != nil {
		return nil, fmt.Errorf("prove: %w", err)
	}
	inst := circuit.PublicInstance(r.PublicIn, r.Outputs)
	pj := ProofJSON{
		Version:      ProofJSONVersion,
		ImageID:      pk.VK.ImageID(),
		K:            pk.VK.K,
		Instructions: r.Instructions,
		PublicInputs: decimals(r.PublicIn),
		Outputs:      decimals(r.Outputs),
		Proof:        "0x" + hex.EncodeToString(proof.Body()),
	}
	pj.Instances, pj.InstanceLengths = flatten(inst)
	return &Proven{Proof: proof, JSON: pj}, nil
}

func decimals(v []uint64) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = strconv.FormatUint(x, 10)
	}
	return out
}

func flatten(cols [][]fr.Element) ([]string, []int) {
	flat := []string{}
	var lens []int
	for _, col := range cols {
		lens = append(lens, len(col))
		for i := range col {
			flat = append(flat, col[i].String())
		}
	}
	return flat, lens
}

// ReadProofJSON reads and parses proof.json (path may also be the directory holding it).
func ReadProofJSON(path string) (*ProofJSON, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "proof.json")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, errorf(KindFile, "give the proof.json written by `zkwasm prove`", "read proof: %v", err)
	}
	var pj ProofJSON
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pj); err != nil {
		return nil, errorf(KindCorrupt, "prove again", "%s: not a proof.json: %v", path, err)
	}
	if pj.Version != ProofJSONVersion {
		return nil, errorf(KindCorrupt, "prove again with this version of zkwasm", "%s: proof.json version %d, want %d", path, pj.Version, ProofJSONVersion)
	}
	return &pj, nil
}

// Verified is what a successful Verify checked.
type Verified struct {
	PublicInputs, Outputs []uint64
}

// Verify checks the proof in pj against vk. It returns a KindMismatch error if pj is for
// another image, KindCorrupt if pj is malformed or inconsistent, and KindInvalid if the
// proof does not verify.
func Verify(vk *backend.VerifyingKey, pj *ProofJSON) (*Verified, error) {
	if id := vk.ImageID(); !strings.EqualFold(pj.ImageID, id) {
		return nil, errorf(KindMismatch, "verify with the key (or module) the proof was made for",
			"the proof is for image %s, the verifying key is for image %s (another program, entry, stack size, k or SRS)", short(pj.ImageID), short(id))
	}
	if pj.K != vk.K {
		return nil, errorf(KindCorrupt, "", "proof.json says k = %d, the verifying key has k = %d", pj.K, vk.K)
	}
	pub, err := parseWords("public_inputs", pj.PublicInputs)
	if err != nil {
		return nil, err
	}
	out, err := parseWords("outputs", pj.Outputs)
	if err != nil {
		return nil, err
	}
	inst := circuit.PublicInstance(pub, out)
	flat, lens := flatten(inst)
	if fmt.Sprint(lens) != fmt.Sprint(pj.InstanceLengths) || strings.Join(flat, ",") != strings.Join(pj.Instances, ",") {
		return nil, errorf(KindCorrupt, "", "proof.json: instances do not match public_inputs and outputs")
	}
	proof, err := DecodeBody(vk, pj.Proof)
	if err != nil {
		return nil, err
	}
	if err := backend.Verify(vk, inst, proof); err != nil {
		return nil, &Error{Kind: KindInvalid, Err: fmt.Errorf("proof rejected: %w", err)}
	}
	return &Verified{PublicInputs: pub, Outputs: out}, nil
}

func short(id string) string {
	if len(id) > 18 {
		return id[:18] + "…"
	}
	return id
}

func parseWords(field string, ss []string) ([]uint64, error) {
	out := make([]uint64, len(ss))
	for i, s := range ss {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return nil, errorf(KindCorrupt, "", "proof.json: %s[%d] = %q is not a 64-bit word", field, i, s)
		}
		out[i] = v
	}
	return out, nil
}

// DecodeBody decodes a 0x-hex proof body (Proof.Body, the Solidity verifier's proof
// argument) for the circuit of vk, whose shape fixes the counts of its parts.
func DecodeBody(vk *backend.VerifyingKey, hexBody string) (*backend.Proof, error) {
	body, err := hex.DecodeString(strings.TrimPrefix(hexBody, "0x"))
	if err != nil {
		return nil, errorf(KindCorrupt, "", "proof.json: proof is not hex: %v", err)
	}
	if want := backend.ProofSize(vk); len(body) != want {
		return nil, errorf(KindCorrupt, "", "proof.json: proof has %d bytes, proofs of this key have %d", len(body), want)
	}
	p, err := vk.ParseBody(body)
	if err != nil {
		return nil, wrap(KindCorrupt, "", fmt.Errorf("proof.json: %w", err))
	}
	return p, nil
}
