package wire_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/internal/wire"
)

// sample writes one of every kind of value.
func sample(w *wire.Writer) {
	w.Uint64(1 << 60)
	w.Uint32(7)
	w.Int(42)
	w.Float64(-0.5)
	w.String("Обстверарбајтунг")
	w.Strings([]string{"", "a", "bc"})
	big := make([]int32, 10_000) // several chunks
	for i := range big {
		big[i] = int32(i*7 - 5000)
	}
	w.Int32s(big)
	w.Uint16s([]uint16{0, 65535})
	w.Float32s([]float32{1.5, -2})
	w.Float64s([]float64{3.25})
	w.Int(5)
	w.Int32Data([]int32{1, 2})
	w.Int32Data([]int32{3, 4, 5})
}

func encoded(t testing.TB) []byte {
	var buf bytes.Buffer
	w := wire.NewWriter(&buf)
	sample(w)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// read reads what sample wrote.
func read(r *wire.Reader) []any {
	return []any{r.Uint64(), r.Uint32(), r.Int(100), r.Float64(), r.String(), r.Strings(),
		r.Int32s(), r.Uint16s(), r.Float32s(), r.Float64s(), r.Int32s()}
}

func TestRoundTrip(t *testing.T) {
	b := encoded(t)
	r := wire.NewReader(context.Background(), bytes.NewReader(b), int64(len(b)))
	got := read(r)
	require.NoError(t, r.Close())
	big := make([]int32, 10_000)
	for i := range big {
		big[i] = int32(i*7 - 5000)
	}
	assert.Equal(t, []any{uint64(1 << 60), uint32(7), 42, -0.5, "Обстверарбајтунг", []string{"", "a", "bc"},
		big, []uint16{0, 65535}, []float32{1.5, -2}, []float64{3.25}, []int32{1, 2, 3, 4, 5}}, got)
}

// TestRoundTripConverting runs the round trip through the codecs that
// big-endian machines use: the bytes must be the same.
func TestRoundTripConverting(t *testing.T) {
	direct := encoded(t)
	defer wire.ConvertAlways()()
	assert.Equal(t, direct, encoded(t), "bytes written number by number")
	TestRoundTrip(t)
}

func TestReaderRefusesDamage(t *testing.T) {
	b := encoded(t)
	flipped := bytes.Clone(b)
	flipped[200] ^= 4
	huge := bytes.Clone(b)
	huge[0x60] = 0xff // inside a length: far past the end
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"truncated", b[:len(b)-9]},
		{"extra byte", append(bytes.Clone(b), 1)},
		{"flipped", flipped},
		{"length past the end", huge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := wire.NewReader(context.Background(), bytes.NewReader(tc.b), int64(len(tc.b)))
			read(r)
			assert.ErrorIs(t, r.Close(), wire.ErrCorrupt)
		})
	}
}

func TestReaderStopsWithItsContext(t *testing.T) {
	b := encoded(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := wire.NewReader(ctx, bytes.NewReader(b), int64(len(b)))
	read(r)
	err := r.Close()
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, wire.ErrCorrupt)
}

func TestWriterKeepsItsFirstError(t *testing.T) {
	w := wire.NewWriter(failing{})
	w.Int(-1)
	sample(w)
	assert.ErrorContains(t, w.Close(), "negative count -1")
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// FuzzReader reads arbitrary input as the sample: no panic, no
// allocation beyond the input's size, and an error unless the input is
// the sample.
func FuzzReader(f *testing.F) {
	b := encoded(f)
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		r := wire.NewReader(context.Background(), bytes.NewReader(in), int64(len(in)))
		read(r)
		if err := r.Close(); err == nil && !bytes.Equal(in, b) {
			t.Fatalf("accepted %d bytes that are not the sample", len(in))
		} else if err != nil && !errors.Is(err, wire.ErrCorrupt) {
			t.Fatalf("error %v does not match ErrCorrupt", err)
		}
	})
}

// TestChunks reads counted slices a chunk at a time, as the direct and
// the converting codecs do, and checks every value reaches its place
// once, across chunk boundaries.
func TestChunks(t *testing.T) {
	for _, convert := range []bool{false, true} {
		if convert {
			defer wire.ConvertAlways()()
		}
		var buf bytes.Buffer
		w := wire.NewWriter(&buf)
		ints := make([]int32, 9_000) // three chunks, the last short
		for i := range ints {
			ints[i] = int32(i*3 - 4000)
		}
		w.Int32s(ints)
		w.Uint16s([]uint16{7, 65535})
		w.Float32s(nil)
		w.Float32s([]float32{0.25})
		require.NoError(t, w.Close())
		b := buf.Bytes()
		r := wire.NewReader(context.Background(), bytes.NewReader(b), int64(len(b)))
		gotInts := make([]int32, r.Len(4))
		calls := 0
		r.Int32Chunks(len(gotInts), func(lo int, part []int32) {
			calls++
			copy(gotInts[lo:], part)
		})
		var gotU []uint16
		r.Uint16Chunks(r.Len(2), func(_ int, part []uint16) { gotU = append(gotU, part...) })
		r.Float32Chunks(r.Len(4), func(int, []float32) { t.Error("called for no values") })
		var gotF []float32
		r.Float32Chunks(r.Len(4), func(_ int, part []float32) { gotF = append(gotF, part...) })
		require.NoError(t, r.Close(), "convert %v", convert)
		assert.Equal(t, ints, gotInts, "convert %v", convert)
		assert.Equal(t, 3, calls, "chunks of 4096")
		assert.Equal(t, []uint16{7, 65535}, gotU)
		assert.Equal(t, []float32{0.25}, gotF)
	}
}
