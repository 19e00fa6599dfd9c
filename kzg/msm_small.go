package kzg

import (
	"math/big"
	"runtime"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/parallel"
)

// msmSmall computes Σ scalars[i]·points[i] for scalars of at most width ≤ 64
// bits (Commit uses it up to smallMSMMaxWidth) by the bucket method with
// unsigned c-bit digits: per window, a counting sort groups the points by
// digit, each bucket is summed with batched affine additions (one inversion
// per tree level for all buckets at once), and the buckets are combined by
// running sums. Compared with
// gnark-crypto's general MSM it pays nothing for the ~254−width zero bits and
// needs no signed-digit carries.
func msmSmall(res *bn254.G1Jac, points []bn254.G1Affine, scalars []fr.Element, width int) {
	n := len(points)
	c, nbWin := smallWindow(n, width)

	// regular-form values, once
	vals := make([]uint64, n)
	parallel.Execute(n, func(start, end int) {
		for i := start; i < end; i++ {
			vals[i] = scalars[i].Bits()[0]
		}
	})

	setInfinity(res)
	for w := nbWin - 1; w >= 0; w-- {
		if w != nbWin-1 {
			for range c {
				res.DoubleAssign()
			}
		}
		var win bn254.G1Jac
		msmWindow(&win, points, vals, uint(w*c), c)
		res.AddAssign(&win)
	}
}

// smallWindow picks the digit size c (≤ 16) and window count for n scalars
// of the given width, minimising windows·(n + 2.5·2^(c+1)): one batched
// affine addition per point and window, and two Jacobian additions per
// bucket (each about 2.5 times dearer) for the running sums.
func smallWindow(n, width int) (c, nbWin int) {
	best := -1.0
	for cc := 1; cc <= min(16, width); cc++ {
		w := (width + cc - 1) / cc
		cost := float64(w) * (float64(n) + 5*float64(uint64(1)<<cc))
		if best < 0 || cost < best {
			best, c, nbWin = cost, cc, w
		}
	}
	return c, nbWin
}

func setInfinity(p *bn254.G1Jac) {
	p.X.SetOne()
	p.Y.SetOne()
	p.Z.SetZero()
}

// msmWindow sets res = Σ_i d_i·points[i] with d_i the c-bit digit of vals[i]
// at bit shift.
func msmWindow(res *bn254.G1Jac, points []bn254.G1Affine, vals []uint64, shift uint, c int) {
	n := len(points)
	nb := 1 << c
	mask := uint64(nb - 1)
	nTasks := runtime.NumCPU()
	if n < 1<<12 {
		nTasks = 1
	}

	// counting sort of the points by digit (digit 0 dropped), in parallel
	// over contiguous ranges of scalars
	chunk := (n + nTasks - 1) / nTasks
	counts := make([][]int, nTasks)
	parallel.Execute(nTasks, func(start, end int) {
		for t := start; t < end; t++ {
			cnt := make([]int, nb)
			for i := t * chunk; i < min((t+1)*chunk, n); i++ {
				if points[i].IsInfinity() {
					continue // adds nothing; the affine formulas cannot take it
				}
				cnt[(vals[i]>>shift)&mask]++
			}
			counts[t] = cnt
		}
	}, nTasks)
	offsets := make([]int, nb+1) // bucket d occupies sorted[offsets[d]:offsets[d+1]]
	pos := make([][]int, nTasks)
	for t := range pos {
		pos[t] = make([]int, nb)
	}
	total := 0
	for d := 1; d < nb; d++ {
		offsets[d] = total
		for t := range nTasks {
			pos[t][d] = total
			total += counts[t][d]
		}
	}
	offsets[nb] = total
	offsets[0] = 0
	sorted := make([]bn254.G1Affine, total) // points grouped by digit
	parallel.Execute(nTasks, func(start, end int) {
		for t := start; t < end; t++ {
			p := pos[t]
			for i := t * chunk; i < min((t+1)*chunk, n); i++ {
				if d := (vals[i] >> shift) & mask; d != 0 && !points[i].IsInfinity() {
					sorted[p[d]] = points[i]
					p[d]++
				}
			}
		}
	}, nTasks)

	// split buckets 1..nb-1 into nTasks groups of about equal point counts;
	// each group sums its buckets and folds them into Σ d·B_d
	partial := make([]bn254.G1Jac, nTasks)
	var wg sync.WaitGroup
	lo := 1
	for t := range nTasks {
		hi := lo
		target := total * (t + 1) / nTasks
		for hi < nb && (offsets[hi] < target || t == nTasks-1) {
			hi++
		}
		if hi <= lo {
			setInfinity(&partial[t])
			continue
		}
		wg.Add(1)
		go func(t, lo, hi int) {
			defer wg.Done()
			sums := sumBuckets(sorted[offsets[lo]:offsets[hi]], offsets[lo:hi+1])
			// running sums: T = Σ (d−lo+1)·B_d, S = Σ B_d
			var run, tot bn254.G1Jac
			setInfinity(&run)
			setInfinity(&tot)
			for d := hi - 1; d >= lo; d-- {
				run.AddAssign(&sums[d-lo])
				tot.AddAssign(&run)
			}
			// Σ d·B_d = T + (lo−1)·S
			if lo > 1 {
				var s bn254.G1Jac
				s.ScalarMultiplication(&run, big.NewInt(int64(lo-1)))
				tot.AddAssign(&s)
			}
			partial[t] = tot
		}(t, lo, hi)
		lo = hi
	}
	wg.Wait()
	setInfinity(res)
	for t := range partial {
		res.AddAssign(&partial[t])
	}
}

// sumBuckets sums each bucket of pts (bucket b is pts[off[b]-off[0] :
// off[b+1]-off[0]]) and returns the sums in Jacobian form; pts is used as
// scratch. (Gathering through an index array instead of copying the points
// into bucket order was measured slower: random reads of 64-byte points.) It reduces all
// buckets together, level by level: at each level adjacent points of a
// bucket are paired and all pairs of the level share one field inversion
// (Montgomery's trick), about 5M+1S per addition against 7M+4S for a mixed
// Jacobian addition. Pairs with equal x (doubling or P−P, which the affine
// formula cannot add) go to a Jacobian side accumulator of their bucket.
func sumBuckets(pts []bn254.G1Affine, off []int) []bn254.G1Jac {
	nb := len(off) - 1
	base := off[0]
	start := make([]int, nb) // current segment of each bucket in pts
	length := make([]int, nb)
	for b := range nb {
		start[b] = off[b] - base
		length[b] = off[b+1] - off[b]
	}
	extra := make([]bn254.G1Jac, nb)
	for b := range extra {
		setInfinity(&extra[b])
	}
	type move struct{ dst, src int }
	var (
		pairs = make([]move, 0, len(pts)/2) // src and src+1 are added into dst
		odds  = make([]move, 0, nb)         // src copied to dst
		den   []fp.Element                  // scalar path: x2−x1
		prod  []fp.Element                  // scalar path: running products
		vec   pairAdder                     // vector path
		other = make([]bn254.G1Affine, len(pts)/2+nb)
	)
	for {
		more := false // some bucket still holds two points or more
		for b := range nb {
			if length[b] > 1 {
				more = true
				break
			}
		}
		if !more {
			break
		}
		pairs, odds = pairs[:0], odds[:0]
		write := 0
		for b := range nb {
			s, L := start[b], length[b]
			start[b] = write
			for j := 0; j+1 < L; j += 2 {
				p, q := &pts[s+j], &pts[s+j+1]
				if p.X.Equal(&q.X) {
					extra[b].AddMixed(p)
					extra[b].AddMixed(q)
					continue
				}
				pairs = append(pairs, move{dst: write, src: s + j})
				write++
			}
			if L%2 == 1 {
				odds = append(odds, move{dst: write, src: s + L - 1})
				write++
			}
			length[b] = write - start[b]
		}
		// Copy the odd points even when the level has no affine pair (its
		// pairs may all have gone to extra): start and length now index out.
		out := other[:write]
		for _, m := range odds {
			out[m.dst] = pts[m.src]
		}
		switch {
		case len(pairs) == 0:
			// nothing to add at this level
		case len(pairs) >= minVecPairs:
			// structure of arrays, element-wise vector arithmetic
			vec.reset(len(pairs))
			for _, m := range pairs {
				p, q := &pts[m.src], &pts[m.src+1]
				vec.x1 = append(vec.x1, p.X)
				vec.y1 = append(vec.y1, p.Y)
				vec.x2 = append(vec.x2, q.X)
				vec.y2 = append(vec.y2, q.Y)
			}
			vec.add()
			for j, m := range pairs {
				out[m.dst].X = vec.d[j]
				out[m.dst].Y = vec.x2[j]
			}
		default:
			den, prod = den[:0], prod[:0]
			for _, m := range pairs {
				var d, pr fp.Element
				d.Sub(&pts[m.src+1].X, &pts[m.src].X)
				if len(prod) == 0 {
					pr = d
				} else {
					pr.Mul(&prod[len(prod)-1], &d)
				}
				den = append(den, d)
				prod = append(prod, pr)
			}
			var inv fp.Element
			inv.Inverse(&prod[len(prod)-1])
			for j := len(pairs) - 1; j >= 0; j-- {
				dInv := inv
				if j > 0 {
					dInv.Mul(&inv, &prod[j-1])
					inv.Mul(&inv, &den[j])
				}
				p, q := &pts[pairs[j].src], &pts[pairs[j].src+1]
				var lambda, x3, y3 fp.Element
				lambda.Sub(&q.Y, &p.Y)
				lambda.Mul(&lambda, &dInv)
				x3.Square(&lambda)
				x3.Sub(&x3, &p.X)
				x3.Sub(&x3, &q.X)
				y3.Sub(&p.X, &x3)
				y3.Mul(&y3, &lambda)
				y3.Sub(&y3, &p.Y)
				out[pairs[j].dst].X = x3
				out[pairs[j].dst].Y = y3
			}
		}
		// ping-pong: the old buffer becomes the next level's target
		other = pts
		pts = out
	}
	sums := make([]bn254.G1Jac, nb)
	for b := range nb {
		sums[b] = extra[b]
		if length[b] == 1 {
			sums[b].AddMixed(&pts[start[b]])
		}
	}
	return sums
}
