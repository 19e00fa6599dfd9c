package shuffle

import (
	"fmt"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/lookup"
)

// Degree is the degree of shuffle s's factor: the larger of its two tuples' degrees.
func Degree(s *plonkish.Shuffle) int {
	return max(1, lookup.TupleDegree(s.Input), lookup.TupleDegree(s.Shuffled))
}

// RequiredDegree is the smallest degree bound for which Plan succeeds.
func RequiredDegree(cs *plonkish.ConstraintSystem) int {
	d := 0
	for i := range cs.Shuffles {
		d = max(d, 2+Degree(&cs.Shuffles[i]))
	}
	return d
}

// Plan packs the shuffles of cs into groups (one grand product each) so that every
// constraint has degree at most maxDegree.
func Plan(cs *plonkish.ConstraintSystem, maxDegree int) ([][]int, error) {
	var groups [][]int
	var cur []int
	used := 0
	for i := range cs.Shuffles {
		d := Degree(&cs.Shuffles[i])
		if d > maxDegree-2 {
			return nil, fmt.Errorf("shuffle: %q has degree %d, too high for degree bound %d", cs.Shuffles[i].Name, d, maxDegree)
		}
		if used+d > maxDegree-2 {
			groups = append(groups, cur)
			cur, used = nil, 0
		}
		cur = append(cur, i)
		used += d
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	return groups, nil
}
