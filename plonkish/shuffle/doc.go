// Package shuffle is the multiset-equality (shuffle) argument: a grand product over the
// usable rows. Each shuffle s's tuples are compressed with θ together with a tag s+1
// (so that shuffles sharing one product cannot trade rows), and for a challenge γ
//
//	Z(ωX)·Π_{s∈group} (b_s + γ) = Z(X)·Π_{s∈group} (a_s + γ)    (times l_active)
//	l_0·(1 − Z) = 0,   l_last·(Z − 1) = 0
//
// where a_s is the compressed input and b_s the compressed shuffled tuple. Shuffles are
// packed into groups whose degrees sum to at most D − 2, one product column per group.
// Rows after u hold random values.
//
// Imports: plonkish, plonkish/poly, plonkish/lookup (tuple compression) and gnark-crypto.
package shuffle
