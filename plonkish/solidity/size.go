package solidity

import (
	"regexp"

	"github.com/zkwasm/zkwasm/plonkish/backend"
)

// EIP170 is the largest runtime code a contract may have (EIP-170).
const EIP170 = 24576

// SplitAbove is the estimated runtime size above which GenerateDeployable
// splits the verifier: EIP-170 less a margin for the estimate's error.
const SplitAbove = 23000

var (
	yulCall     = regexp.MustCompile(`[A-Za-z0-9_]+\(`)
	wordLiteral = regexp.MustCompile(`0x[0-9a-f]{40,64}\b`)
)

// EstimateRuntimeSize estimates the runtime code size in bytes of a
// generated verifier compiled as evmtest does (solc 0.8.37, optimizer on,
// 200 runs): 3,000 bytes plus 3.57 per call in the source plus 33 per
// full-word literal, fitted on the zkWasm verifiers (within 1 % there; it
// overestimates small verifiers by up to 25 %).
func EstimateRuntimeSize(src string) int {
	calls := len(yulCall.FindAllStringIndex(src, -1))
	lits := len(wordLiteral.FindAllStringIndex(src, -1))
	return 3000 + 33*lits + calls*357/100
}

// GenerateDeployable returns the verifier of vk as one contract, or, if
// that one's estimated runtime code exceeds SplitAbove, as a verifier and
// its evaluator contract (WithEvaluatorContract; evaluator reports which).
func GenerateDeployable(vk *backend.VerifyingKey, opts ...Option) (src string, evaluator bool, err error) {
	src, err = GenerateVerifier(vk, opts...)
	if err != nil || EstimateRuntimeSize(src) <= SplitAbove {
		return src, false, err
	}
	src, err = GenerateVerifier(vk, append(opts, WithEvaluatorContract())...)
	return src, err == nil, err
}
