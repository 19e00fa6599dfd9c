package kzg

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"math/bits"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark-crypto/parallel"
)

// The snarkjs .ptau format (version 1), as written by snarkjs'
// powersoftau_new.js / powersoftau_utils.js and binfileutils:
//
//	magic "ptau" | version uint32 | nSections uint32
//	then nSections times: type uint32 | size uint64 | size bytes of data
//
// All integers are little-endian. Sections used here:
//
//	1 header:  n8 uint32 (= 32) | q (n8 bytes LE, the base field modulus) |
//	           power uint32 | ceremonyPower uint32
//	2 tauG1:   2^(power+1) − 1 G1 points [τ^i]₁
//	3 tauG2:   2^power G2 points [τ^i]₂
//
// and 4 alphaTauG1, 5 betaTauG1, 6 betaG2 (Groth16 only), 7 contributions,
// and, after `snarkjs powersoftau prepare phase2`, 12..15 the same points in
// Lagrange form for every power. A G1 point is x ‖ y, a G2 point
// x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1; each coordinate is n8 bytes little-endian in
// Montgomery form (x·2^256 mod p), which is also gnark-crypto's in-memory
// representation. The point at infinity is all zeros.
const (
	ptauMagic         = "ptau"
	ptauVersion       = 1
	ptauSecHeader     = 1
	ptauSecTauG1      = 2
	ptauSecTauG2      = 3
	ptauSecLagrangeG1 = 12
	ptauN8            = 32
	ptauG1Size        = 2 * ptauN8
	ptauG2Size        = 4 * ptauN8
	ptauHeaderSize    = 4 + ptauN8 + 4 + 4
	ptauMaxPower      = MaxLogSize
)

// ErrPtau is wrapped by every error ImportPtau returns for a malformed,
// inconsistent or too small file.
var ErrPtau = errors.New("kzg: import ptau")

// ImportPtau reads a powers-of-tau file in snarkjs' .ptau format (e.g. one of
// the Perpetual Powers of Tau files, before or after `prepare phase2`) and
// returns an SRS of maxSize G1 points with [1]₂, [τ]₂. maxSize 0 means
// 2^power, the file's nominal size; maxSize may not exceed MaxSize.
//
// It reads the header and the tauG1 and tauG2 sections, and, when the file
// was prepared for phase 2, the Lagrange basis for the largest domain the SRS
// serves (2^k ≤ maxSize, e.g. k = 20 for 2^20 + 1 points) from section 12 (which spares an inverse
// FFT over G1 of (n/2)·k scalar multiplications: minutes at 2^20). It stops
// once it has them, and seeks over other sections when r is an io.Seeker.
//
// It rejects the file with an error wrapping ErrPtau if the header is not
// BN254's, a section size disagrees with the header, the data ends early,
// any coordinate is not reduced, any point used is the point at infinity,
// off the curve or (G2) outside the prime-order subgroup, the first points
// are not the standard generators, the points are not consecutive powers of
// one τ (a random-linear-combination pairing check; see SRS.Check), τ is 1
// or a root of unity of order ≤ maxSize (see SRS.Check), or the
// Lagrange points are not the Lagrange basis of those powers (a random
// linear combination checked against the monomial points; see
// checkLagrange). It does not verify the ceremony's contribution chain: use
// `snarkjs powersoftau verify` for that.
func ImportPtau(r io.Reader, maxSize uint64) (*SRS, error) {
	if maxSize > MaxSize {
		return nil, fmt.Errorf("%w: %d points requested, an SRS holds at most 2^%d", ErrPtau, maxSize, MaxLogSize)
	}
	br := r
	var hdr [12]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		return nil, ptauErr("file header", err)
	}
	if string(hdr[:4]) != ptauMagic {
		return nil, fmt.Errorf("%w: not a .ptau file (magic %q)", ErrPtau, hdr[:4])
	}
	if v := binary.LittleEndian.Uint32(hdr[4:]); v != ptauVersion {
		return nil, fmt.Errorf("%w: unsupported .ptau version %d (want %d)", ErrPtau, v, ptauVersion)
	}
	nSections := binary.LittleEndian.Uint32(hdr[8:])

	var (
		power      = -1
		g1         []bn254.G1Affine
		g2         [2]bn254.G2Affine
		haveG1     bool
		haveG2     bool
		secHdr     [12]byte
		seenHeader bool
		lagK       = -1 // the power whose Lagrange basis we take from section 12
		lag        []bn254.G1Affine
	)
	done := func() bool { return haveG1 && haveG2 && (lagK < 0 || lag != nil) }
	for sec := uint32(0); sec < nSections && !done(); sec++ {
		if _, err := io.ReadFull(br, secHdr[:]); err != nil {
			return nil, ptauErr(fmt.Sprintf("section %d of %d", sec+1, nSections), err)
		}
		typ := binary.LittleEndian.Uint32(secHdr[:4])
		size := binary.LittleEndian.Uint64(secHdr[4:])
		switch typ {
		case ptauSecHeader:
			if seenHeader {
				return nil, fmt.Errorf("%w: more than one header section", ErrPtau)
			}
			seenHeader = true
			p, err := readPtauHeader(br, size)
			if err != nil {
				return nil, err
			}
			power = p
			if maxSize == 0 {
				maxSize = uint64(1) << power
			}
			nG1 := uint64(1)<<(power+1) - 1
			if maxSize > nG1 {
				return nil, fmt.Errorf("%w: %d points requested but the file (power %d) has only %d", ErrPtau, maxSize, power, nG1)
			}
			if maxSize < 2 {
				return nil, fmt.Errorf("%w: %d points requested, need at least 2", ErrPtau, maxSize)
			}
			// the largest domain the SRS serves: 2^k ≤ maxSize
			if k := bits.Len64(maxSize) - 1; k >= 1 && k <= power {
				lagK = k
			}
		case ptauSecTauG1, ptauSecTauG2:
			if !seenHeader {
				return nil, fmt.Errorf("%w: section %d comes before the header", ErrPtau, typ)
			}
			if typ == ptauSecTauG1 {
				if haveG1 {
					return nil, fmt.Errorf("%w: more than one tauG1 section", ErrPtau)
				}
				want := (uint64(1)<<(power+1) - 1) * ptauG1Size
				if size != want {
					return nil, fmt.Errorf("%w: tauG1 section is %d bytes, power %d needs %d", ErrPtau, size, power, want)
				}
				var err error
				if g1, err = readPtauPoints(br, int(maxSize), "tauG1"); err != nil {
					return nil, err
				}
				if err := skip(br, size-maxSize*ptauG1Size, "tauG1"); err != nil {
					return nil, err
				}
				haveG1 = true
			} else {
				if haveG2 {
					return nil, fmt.Errorf("%w: more than one tauG2 section", ErrPtau)
				}
				want := (uint64(1) << power) * ptauG2Size
				if size != want {
					return nil, fmt.Errorf("%w: tauG2 section is %d bytes, power %d needs %d", ErrPtau, size, power, want)
				}
				var buf [2 * ptauG2Size]byte
				if _, err := io.ReadFull(br, buf[:]); err != nil {
					return nil, ptauErr("tauG2", err)
				}
				for i := range 2 {
					if err := decodePtauG2(&g2[i], buf[i*ptauG2Size:]); err != nil {
						return nil, fmt.Errorf("%w: tauG2 point %d: %v", ErrPtau, i, err)
					}
				}
				if err := skip(br, size-2*ptauG2Size, "tauG2"); err != nil {
					return nil, err
				}
				haveG2 = true
			}
		case ptauSecLagrangeG1:
			if !seenHeader {
				return nil, fmt.Errorf("%w: section %d comes before the header", ErrPtau, typ)
			}
			if lagK < 0 || lag != nil {
				if err := skip(br, size, "Lagrange tauG1"); err != nil {
					return nil, err
				}
				break
			}
			want := (uint64(1)<<(power+2) - 1) * ptauG1Size
			if size != want {
				return nil, fmt.Errorf("%w: Lagrange tauG1 section is %d bytes, power %d needs %d", ErrPtau, size, power, want)
			}
			before := (uint64(1)<<lagK - 1) * ptauG1Size
			if err := skip(br, before, "Lagrange tauG1"); err != nil {
				return nil, err
			}
			pts, err := readPtauPoints(br, 1<<lagK, fmt.Sprintf("Lagrange tauG1 (2^%d)", lagK))
			if err != nil {
				return nil, err
			}
			lag = pts
			if err := skip(br, size-before-uint64(len(pts))*ptauG1Size, "Lagrange tauG1"); err != nil {
				return nil, err
			}
		default:
			if err := skip(br, size, fmt.Sprintf("section %d", typ)); err != nil {
				return nil, err
			}
		}
	}
	switch {
	case !seenHeader:
		return nil, fmt.Errorf("%w: no header section", ErrPtau)
	case !haveG1:
		return nil, fmt.Errorf("%w: no tauG1 section", ErrPtau)
	case !haveG2:
		return nil, fmt.Errorf("%w: no tauG2 section", ErrPtau)
	}

	_, _, gen1, gen2 := bn254.Generators()
	if !g1[0].Equal(&gen1) {
		return nil, fmt.Errorf("%w: tauG1[0] is not the BN254 G1 generator", ErrPtau)
	}
	if !g2[0].Equal(&gen2) {
		return nil, fmt.Errorf("%w: tauG2[0] is not the BN254 G2 generator", ErrPtau)
	}
	if err := checkPowers(g1, g2); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPtau, err)
	}
	if err := checkDegenerateTau(g1, g2); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPtau, err)
	}
	srs := newSRS(g1, g2)
	if lag != nil {
		if err := checkLagrange(g1, lag, lagK); err != nil {
			return nil, fmt.Errorf("%w: Lagrange tauG1 (2^%d): %v", ErrPtau, lagK, err)
		}
		srs.lag.set(lagK, lag, false)
	}
	return srs, nil
}

func ptauErr(where string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: %s: file truncated", ErrPtau, where)
	}
	return fmt.Errorf("%w: %s: %v", ErrPtau, where, err)
}

// skip discards n bytes, seeking when r can (a real ceremony file has
// gigabytes of Groth16-only sections between what we need).
func skip(r io.Reader, n uint64, where string) error {
	if n == 0 {
		return nil
	}
	if n > 1<<62 {
		return fmt.Errorf("%w: %s: absurd size %d", ErrPtau, where, n)
	}
	if sk, ok := r.(io.Seeker); ok {
		cur, err := sk.Seek(0, io.SeekCurrent)
		if err == nil {
			end, err := sk.Seek(0, io.SeekEnd)
			if err == nil {
				if uint64(end-cur) < n {
					return fmt.Errorf("%w: %s: file truncated (%d bytes left, section needs %d)", ErrPtau, where, end-cur, n)
				}
				if _, err := sk.Seek(cur+int64(n), io.SeekStart); err != nil {
					return fmt.Errorf("%w: %s: %v", ErrPtau, where, err)
				}
				return nil
			}
		}
		// not really seekable (e.g. a pipe): fall back to reading
	}
	got, err := io.CopyN(io.Discard, r, int64(n))
	if err != nil {
		return ptauErr(fmt.Sprintf("%s (skipping %d bytes, got %d)", where, n, got), err)
	}
	return nil
}

// bn254P is the base field modulus, for the header check.
var bn254P = fp.Modulus()

func readPtauHeader(r io.Reader, size uint64) (int, error) {
	if size != ptauHeaderSize {
		return 0, fmt.Errorf("%w: header section is %d bytes, want %d (BN254 with n8 = 32)", ErrPtau, size, ptauHeaderSize)
	}
	var b [ptauHeaderSize]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return 0, ptauErr("header", err)
	}
	if n8 := binary.LittleEndian.Uint32(b[:4]); n8 != ptauN8 {
		return 0, fmt.Errorf("%w: field element size %d, want %d", ErrPtau, n8, ptauN8)
	}
	var be [ptauN8]byte
	for i := range ptauN8 {
		be[i] = b[4+ptauN8-1-i]
	}
	if q := new(big.Int).SetBytes(be[:]); q.Cmp(bn254P) != 0 {
		return 0, fmt.Errorf("%w: curve with base field %s is not BN254 (bn128)", ErrPtau, q)
	}
	power := binary.LittleEndian.Uint32(b[4+ptauN8:])
	if power < 1 || power > ptauMaxPower {
		return 0, fmt.Errorf("%w: power %d outside [1, %d]", ErrPtau, power, ptauMaxPower)
	}
	return int(power), nil
}

// readPtauPoints reads n G1 points, decoding and checking them in parallel
// one batch at a time so memory grows only with what the file really holds.
func readPtauPoints(r io.Reader, n int, what string) ([]bn254.G1Affine, error) {
	const batch = 1 << 14
	out := make([]bn254.G1Affine, 0, min(n, batch))
	buf := make([]byte, min(n, batch)*ptauG1Size)
	for done := 0; done < n; {
		m := min(batch, n-done)
		if _, err := io.ReadFull(r, buf[:m*ptauG1Size]); err != nil {
			return nil, ptauErr(fmt.Sprintf("%s points %d..%d", what, done, done+m-1), err)
		}
		out = append(out, make([]bn254.G1Affine, m)...)
		pts := out[done:]
		var mu sync.Mutex
		firstBad, badErr := -1, error(nil)
		parallel.Execute(m, func(start, end int) {
			for i := start; i < end; i++ {
				if err := decodePtauG1(&pts[i], buf[i*ptauG1Size:]); err != nil {
					mu.Lock()
					if firstBad < 0 || i < firstBad {
						firstBad, badErr = i, err
					}
					mu.Unlock()
					return
				}
			}
		})
		if firstBad >= 0 {
			return nil, fmt.Errorf("%w: %s point %d: %v", ErrPtau, what, done+firstBad, badErr)
		}
		done += m
	}
	return out, nil
}

// decodeMontLE reads one 32-byte little-endian Montgomery-form coordinate.
func decodeMontLE(z *fp.Element, b []byte) error {
	for i := range 4 {
		z[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	if !reducedFp(z) {
		return errors.New("coordinate not reduced modulo p")
	}
	return nil
}

// fpModLimbs is p as little-endian 64-bit limbs.
var fpModLimbs = func() [4]uint64 {
	var l [4]uint64
	words := bn254P.Bits()
	for i := range words {
		l[i] = uint64(words[i])
	}
	return l
}()

// reducedFp reports whether the raw limbs of z are < p.
func reducedFp(z *fp.Element) bool {
	for i := 3; i >= 0; i-- {
		if z[i] != fpModLimbs[i] {
			return z[i] < fpModLimbs[i]
		}
	}
	return false
}

func decodePtauG1(p *bn254.G1Affine, b []byte) error {
	if err := decodeMontLE(&p.X, b[0:]); err != nil {
		return fmt.Errorf("x: %v", err)
	}
	if err := decodeMontLE(&p.Y, b[ptauN8:]); err != nil {
		return fmt.Errorf("y: %v", err)
	}
	if p.IsInfinity() {
		return errors.New("point at infinity")
	}
	if !p.IsOnCurve() { // cofactor 1: on the curve means in G1
		return errors.New("not on the curve")
	}
	return nil
}

func decodePtauG2(p *bn254.G2Affine, b []byte) error {
	for i, c := range []*fp.Element{&p.X.A0, &p.X.A1, &p.Y.A0, &p.Y.A1} {
		if err := decodeMontLE(c, b[i*ptauN8:]); err != nil {
			return fmt.Errorf("coordinate %d: %v", i, err)
		}
	}
	return checkG2Point(p)
}
