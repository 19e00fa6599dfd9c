package backend

import "github.com/zkwasm/zkwasm/plonkish/lookup"

// Stats is the cost structure of a circuit's proofs, for cost reports.
type Stats struct {
	K          int // log2 of the number of rows
	Rows       int
	UsableRows int
	// MaxDegree is the degree bound the arguments were packed for; Degree the largest
	// constraint degree actually reached (it sets the quotient's chunk count).
	MaxDegree, Degree int
	// ExtendedFactor is the number of cosets of the base domain the quotient is computed
	// on (the extended domain has ExtendedFactor·n points).
	ExtendedFactor int

	// Columns committed in every proof, by kind.
	Advice               int // the circuit's advice columns
	LookupMultiplicities int // one per looked-up table
	LookupHelpers        int // inverse-sum helper columns (lookups and buses)
	LookupRunningSums    int // 1 if the circuit has lookups or buses (one running sum for all)
	PermutationProducts  int // permutation grand-product chunks
	ShuffleProducts      int // shuffle grand products
	QuotientChunks       int // quotient chunks (n+1 coefficients each)

	// Preprocessed columns, committed once in the verifying key.
	Fixed, Sigma int

	Evaluations int // scalars in the proof (opened values)
	ProofSize   int // bytes of the proof body (FORMAT.md)

	// ProvingKeyBytes estimates the proving key's memory (preprocessed columns in three
	// forms, selectors on the extended domain, the SRS points and Lagrange basis);
	// ProverBytes the peak live memory of Prove on top of it, including the witness.
	// Go's collector may let the heap grow past the live size (GOGC; set GOMEMLIMIT to
	// bound it): the measured peak heap is about 1.4× these figures.
	ProvingKeyBytes, ProverBytes int64
}

// Committed returns the number of polynomials committed per proof.
func (s Stats) Committed() int {
	return s.Advice + s.LookupMultiplicities + s.LookupHelpers + s.LookupRunningSums +
		s.PermutationProducts + s.ShuffleProducts + s.QuotientChunks
}

// Stats returns the cost structure of the circuit of vk.
func (vk *VerifyingKey) Stats() Stats {
	l := vk.lay
	s := Stats{K: l.k, Rows: l.n, UsableRows: l.usable, MaxDegree: l.maxDegree, Degree: l.degree,
		ExtendedFactor: l.parts, Advice: l.na, LookupMultiplicities: len(l.mCols),
		PermutationProducts: len(l.perm.Z),
		ShuffleProducts:     len(l.shuffleGroups), QuotientChunks: l.numQuotient,
		Fixed: l.nf, Sigma: len(l.sigma), Evaluations: l.numEvals + l.numQuotient}
	s.LookupHelpers = len(l.logup.Groups)
	if !l.logup.Empty() {
		s.LookupRunningSums = 1
	}
	s.ProofSize = ProofSize(vk)
	s.ProvingKeyBytes, s.ProverBytes = l.memory()
	return s
}

// memory estimates, from the prover's data structures, the proving key's size and the
// peak live memory of Prove (see Stats).
func (l *layout) memory() (pkBytes, proverBytes int64) {
	const el = 32
	n := int64(l.n)
	p := int64(l.parts)
	pre := int64(l.nf + len(l.sigma))
	pkBytes = pre*n*el*(2+p) + 4*p*n*el + 2*(n+1)*64
	advKind := int64(l.na + l.numVirtualAdvice + l.ni)
	// witness + coefficient copies + one coset of every column + quotient values and chunks
	proverBytes = int64(l.na)*n*el + advKind*n*el + advKind*n*el + p*n*el + int64(l.numQuotient)*(n+1)*el
	// the largest transient of the lookup phase: compressed table and inputs of a table
	most := 2
	for ti := range l.logup.Tables {
		k := 0
		for _, t := range l.logup.Terms {
			if t.Table == ti && t.Kind != lookup.Interaction {
				k++
			}
		}
		most = max(most, k)
	}
	proverBytes += int64(most) * n * el
	return pkBytes, proverBytes
}

// ProofSize returns the size in bytes of the body of vk's proofs.
func ProofSize(vk *VerifyingKey) int {
	l := vk.lay
	points := l.na + len(l.mCols) + len(l.phase3) + l.numQuotient + 2
	return 64*points + 32*(l.numEvals+l.numQuotient)
}
