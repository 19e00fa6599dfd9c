package backend

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
	LookupHelpers        int // inverse-sum helper columns
	LookupRunningSums    int // one per looked-up table
	PermutationProducts  int // permutation grand-product chunks
	ShuffleProducts      int // shuffle grand products
	QuotientChunks       int // quotient chunks (n+1 coefficients each)

	// Preprocessed columns, committed once in the verifying key.
	Fixed, Sigma int

	Evaluations int // scalars in the proof (opened values)
	ProofSize   int // bytes of the proof body (FORMAT.md)
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
		LookupRunningSums: len(l.tables), PermutationProducts: len(l.perm.Z),
		ShuffleProducts: len(l.shuffleGroups), QuotientChunks: l.numQuotient,
		Fixed: l.nf, Sigma: len(l.sigma), Evaluations: l.numEvals + l.numQuotient}
	for _, t := range l.tables {
		s.LookupHelpers += len(t.Groups)
	}
	s.ProofSize = ProofSize(vk)
	return s
}

// ProofSize returns the size in bytes of the body of vk's proofs.
func ProofSize(vk *VerifyingKey) int {
	l := vk.lay
	points := l.na + len(l.mCols) + len(l.phase3) + l.numQuotient + 2
	return 64*points + 32*(l.numEvals+l.numQuotient)
}
