package backend

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// testHookArguments is nil in production. Tests set it to change the argument columns
// (lookup helpers and running sum, permutation and shuffle products: virt, indexed from
// NumAdvice) just before Prove commits them, to play a prover that cheats in those
// columns; src reads every column Prove holds in Lagrange form, and θ, β, γ are the
// challenges. Tests never run in parallel with one another while it is set.
var testHookArguments func(lay *layout, virt []poly.Lagrange, src func(plonkish.Column) []fr.Element, theta, beta, gamma fr.Element)
