// Package wire reads and writes the compact binary files in which the
// library keeps derived state (a fitted corpus), as a stream of
// little-endian numbers and length-prefixed slices and strings, ended by a
// CRC-32C of everything before it.
//
// Both sides keep the first error and turn later calls into no-ops, so a
// codec is written as a straight sequence of calls with one error check at
// the end (as bufio.Writer and bluge's segment writers do). A Reader knows
// how many bytes its input holds and refuses a length that would read
// past them before it allocates anything: a damaged file costs at most
// its own size in memory, and is reported, never half-read without an
// error.
package wire

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"unsafe"
)

// ErrCorrupt is matched by every error a Reader reports about its input:
// a length past the end, a wrong checksum, bytes left over.
var ErrCorrupt = errors.New("wire: corrupt input")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// A Writer writes values to an underlying writer through a buffer,
// checksumming them.
type Writer struct {
	w       *bufio.Writer
	crc     hash.Hash32
	buf     [8]byte
	scratch []byte // encodes slices a chunk at a time
	err     error
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 1<<16), crc: crc32.New(castagnoli), scratch: make([]byte, 4*chunk)}
}

// Write writes p as it is, checksummed, so that a Writer can be handed on
// as an io.Writer.
func (w *Writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	w.crc.Write(p)
	n, err := w.w.Write(p)
	w.err = err
	return n, err
}

func (w *Writer) put(n int) { w.Write(w.buf[:n]) }

// Uint64 writes v.
func (w *Writer) Uint64(v uint64) {
	binary.LittleEndian.PutUint64(w.buf[:], v)
	w.put(8)
}

// Uint32 writes v.
func (w *Writer) Uint32(v uint32) {
	binary.LittleEndian.PutUint32(w.buf[:], v)
	w.put(4)
}

// Int writes v, which must be at least zero (lengths, counts).
func (w *Writer) Int(v int) {
	if v < 0 && w.err == nil {
		w.err = fmt.Errorf("wire: negative count %d", v)
	}
	w.Uint64(uint64(v))
}

// Float64 writes v.
func (w *Writer) Float64(v float64) { w.Uint64(math.Float64bits(v)) }

// String writes s, length first.
func (w *Writer) String(s string) {
	w.Int(len(s))
	if w.err == nil {
		w.crc.Write(unsafe.Slice(unsafe.StringData(s), len(s))) // crc32 only reads it
		_, w.err = w.w.WriteString(s)
	}
}

// Strings writes ss, count first.
func (w *Writer) Strings(ss []string) {
	w.Int(len(ss))
	for _, s := range ss {
		w.String(s)
	}
}

// Int32s writes xs, count first.
func (w *Writer) Int32s(xs []int32) {
	w.Int(len(xs))
	w.Int32Data(xs)
}

// Int32Data writes xs without their count: several calls after one Int
// of their total write one slice for Reader.Int32s, without gathering
// it in memory first.
func (w *Writer) Int32Data(xs []int32) {
	writeFixed(w, xs, 4, func(b []byte, x int32) { binary.LittleEndian.PutUint32(b, uint32(x)) })
}

// Uint16s writes xs, count first.
func (w *Writer) Uint16s(xs []uint16) {
	w.Int(len(xs))
	w.Uint16Data(xs)
}

// Uint16Data is Int32Data for uint16.
func (w *Writer) Uint16Data(xs []uint16) {
	writeFixed(w, xs, 2, func(b []byte, x uint16) { binary.LittleEndian.PutUint16(b, x) })
}

// Float32s writes xs, count first.
func (w *Writer) Float32s(xs []float32) {
	w.Int(len(xs))
	w.Float32Data(xs)
}

// Float32Data is Int32Data for float32.
func (w *Writer) Float32Data(xs []float32) {
	writeFixed(w, xs, 4, func(b []byte, x float32) { binary.LittleEndian.PutUint32(b, math.Float32bits(x)) })
}

// Float64s writes xs, count first.
func (w *Writer) Float64s(xs []float64) {
	w.Int(len(xs))
	for _, x := range xs {
		w.Float64(x)
	}
}

// Err returns the first error of the Writer, if any.
func (w *Writer) Err() error { return w.err }

// Close writes the checksum of everything written and flushes the buffer;
// it returns the first error of the Writer. It does not close the
// underlying writer.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	binary.LittleEndian.PutUint32(w.buf[:], w.crc.Sum32())
	if _, err := w.w.Write(w.buf[:4]); err != nil {
		return err
	}
	return w.w.Flush()
}

// A Reader reads what a Writer wrote from an input of known size.
type Reader struct {
	r       *bufio.Reader
	crc     hash.Hash32
	left    int64 // bytes of the input not read yet, checksum included
	buf     [8]byte
	scratch []byte // decodes slices a chunk at a time
	err     error
}

// NewReader returns a Reader of r, which holds size bytes (the checksum
// included). It stops soon after ctx ends (between two reads of its
// buffer), with ctx's error, which does not match ErrCorrupt.
func NewReader(ctx context.Context, r io.Reader, size int64) *Reader {
	rd := &Reader{r: bufio.NewReaderSize(ctxReader{ctx, r}, 1<<16), crc: crc32.New(castagnoli), left: size - 4, scratch: make([]byte, 4*chunk)}
	if size < 4 {
		rd.err = fmt.Errorf("%w: %d bytes, too short for a checksum", ErrCorrupt, size)
	}
	return rd
}

// A ctxReader fails its reads once its context has ended.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Fail records err as the Reader's error unless it has one: decoders call
// it for values that are well formed but make no sense (a count that does
// not match another). Fail wraps err so that it also matches ErrCorrupt.
func (r *Reader) Fail(err error) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
}

// Read reads exactly len(p) bytes, checksummed, so that a Reader can be
// handed on as an io.Reader for a nested stream of known length.
func (r *Reader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if int64(len(p)) > r.left {
		r.Fail(fmt.Errorf("read of %d bytes with %d left", len(p), r.left))
		return 0, r.err
	}
	n, err := io.ReadFull(r.r, p)
	r.crc.Write(p[:n])
	r.left -= int64(n)
	switch {
	case err == nil:
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		r.err = err
		return n, err
	default:
		r.Fail(fmt.Errorf("input ends early: %w", err))
		return n, r.err
	}
	return n, nil
}

func (r *Reader) get(n int) []byte {
	if _, err := r.Read(r.buf[:n]); err != nil {
		clear(r.buf[:n])
	}
	return r.buf[:n]
}

// Uint64 reads a uint64.
func (r *Reader) Uint64() uint64 { return binary.LittleEndian.Uint64(r.get(8)) }

// Uint32 reads a uint32.
func (r *Reader) Uint32() uint32 { return binary.LittleEndian.Uint32(r.get(4)) }

// Float64 reads a float64.
func (r *Reader) Float64() float64 { return math.Float64frombits(r.Uint64()) }

// Len reads a count of items of size bytes each and checks that the input
// holds that many; it returns 0 after an error.
func (r *Reader) Len(size int) int {
	v := r.Uint64()
	if r.err != nil {
		return 0
	}
	if size < 1 {
		size = 1
	}
	if v > uint64(r.left)/uint64(size) {
		r.Fail(fmt.Errorf("count %d of %d-byte items with %d bytes left", v, size, r.left))
		return 0
	}
	return int(v)
}

// Int reads a count written by Writer.Int that stands for no more than
// max (and so needs no bytes of input to back it).
func (r *Reader) Int(max int) int {
	v := r.Uint64()
	if r.err == nil && v > uint64(max) {
		r.Fail(fmt.Errorf("value %d above %d", v, max))
		return 0
	}
	return int(v)
}

// String reads a string.
func (r *Reader) String() string {
	n := r.Len(1)
	if n == 0 {
		return ""
	}
	b := make([]byte, n)
	r.Read(b)
	return string(b)
}

// Strings reads a slice of strings.
func (r *Reader) Strings() []string {
	n := r.Len(8) // each string has its length at least
	out := make([]string, n)
	for i := range out {
		out[i] = r.String()
	}
	return out
}

// chunk is how many items the slice readers decode per read.
const chunk = 4096

// A fixed is a number of fixed size, written as its little-endian bytes.
type fixed interface{ ~int32 | ~uint16 | ~float32 }

// writeFixed writes xs, each of size bytes, with put where the machine's
// byte order is not the format's.
func writeFixed[T fixed](w *Writer, xs []T, size int, put func([]byte, T)) {
	if len(xs) == 0 {
		return
	}
	if littleEndian {
		w.Write(unsafe.Slice((*byte)(unsafe.Pointer(&xs[0])), size*len(xs)))
		return
	}
	b := w.scratch
	for lo := 0; lo < len(xs); lo += chunk {
		part := xs[lo:min(len(xs), lo+chunk)]
		for i, x := range part {
			put(b[size*i:], x)
		}
		w.Write(b[:size*len(part)])
	}
}

// readFixed reads a counted slice of numbers of size bytes, with get
// where the machine's byte order is not the format's.
func readFixed[T fixed](r *Reader, size int, get func([]byte) T) []T {
	n := r.Len(size)
	out := make([]T, n)
	if n == 0 {
		return out
	}
	if littleEndian { // the bytes are the values: read them in place
		r.Read(unsafe.Slice((*byte)(unsafe.Pointer(&out[0])), size*n))
		return out
	}
	readChunks(r, n, size, get, func(lo int, part []T) { copy(out[lo:], part) })
	return out
}

// readChunks reads n numbers of size bytes, written without their count
// (as Writer.Int32Data writes them), and hands them to fn a chunk at a
// time: part holds the values lo to lo+len(part)-1 and is reused for the
// next chunk. A caller that scatters the values into a layout of its own
// so allocates no slice the size of the input.
func readChunks[T fixed](r *Reader, n, size int, get func([]byte) T, fn func(lo int, part []T)) {
	if n <= 0 {
		return
	}
	buf := make([]T, min(n, chunk))
	for lo := 0; lo < n && r.err == nil; lo += chunk {
		part := buf[:min(n-lo, chunk)]
		if littleEndian {
			r.Read(unsafe.Slice((*byte)(unsafe.Pointer(&part[0])), size*len(part)))
		} else {
			p := r.scratch[:size*len(part)]
			r.Read(p)
			for i := range part {
				part[i] = get(p[size*i:])
			}
		}
		if r.err == nil {
			fn(lo, part)
		}
	}
}

// littleEndian tells whether the machine stores numbers as the format
// does, so that slices of fixed-size numbers are copied as they are
// (amd64, arm64) rather than converted one by one.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// Int32s reads a slice of int32.
func (r *Reader) Int32s() []int32 {
	return readFixed(r, 4, func(b []byte) int32 { return int32(binary.LittleEndian.Uint32(b)) })
}

// Uint16s reads a slice of uint16.
func (r *Reader) Uint16s() []uint16 {
	return readFixed(r, 2, func(b []byte) uint16 { return binary.LittleEndian.Uint16(b) })
}

// Float32s reads a slice of float32.
func (r *Reader) Float32s() []float32 {
	return readFixed(r, 4, func(b []byte) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(b)) })
}

// Int32Chunks reads n int32 written by Writer.Int32Data, a chunk at a
// time (see readChunks); read their count first with Len(4).
func (r *Reader) Int32Chunks(n int, fn func(lo int, part []int32)) {
	readChunks(r, n, 4, func(b []byte) int32 { return int32(binary.LittleEndian.Uint32(b)) }, fn)
}

// Uint16Chunks is Int32Chunks for uint16 (Writer.Uint16Data).
func (r *Reader) Uint16Chunks(n int, fn func(lo int, part []uint16)) {
	readChunks(r, n, 2, func(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }, fn)
}

// Float32Chunks is Int32Chunks for float32 (Writer.Float32Data).
func (r *Reader) Float32Chunks(n int, fn func(lo int, part []float32)) {
	readChunks(r, n, 4, func(b []byte) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(b)) }, fn)
}

// Float64s reads a slice of float64.
func (r *Reader) Float64s() []float64 {
	n := r.Len(8)
	out := make([]float64, n)
	for i := range out {
		out[i] = r.Float64()
	}
	return out
}

// Err returns the first error of the Reader, if any.
func (r *Reader) Err() error { return r.err }

// Close reads the checksum and compares it with that of everything read,
// and checks that nothing is left: what was read may be used only if
// Close returns nil. It returns the Reader's first error, if any.
func (r *Reader) Close() error {
	if r.err != nil {
		return r.err
	}
	if r.left != 0 {
		return fmt.Errorf("%w: %d bytes after the end", ErrCorrupt, r.left)
	}
	want := r.crc.Sum32()
	var b [4]byte
	if _, err := io.ReadFull(r.r, b[:]); err != nil {
		return fmt.Errorf("%w: no checksum: %w", ErrCorrupt, err)
	}
	if got := binary.LittleEndian.Uint32(b[:]); got != want {
		return fmt.Errorf("%w: checksum %08x, content sums to %08x", ErrCorrupt, got, want)
	}
	return nil
}
