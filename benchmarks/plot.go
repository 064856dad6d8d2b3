package benchmarks

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// A Series is one curve of a plot: points (X[i], Y[i]) with optional
// interval bounds Lo[i] <= Y[i] <= Hi[i] drawn as error bars.
type Series struct {
	Name   string
	X, Y   []float64
	Lo, Hi []float64 // nil: no error bars
	// Dashed draws the curve dashed, as for baselines.
	Dashed bool
	// Colour is a 1-based index in the plot palette; 0 picks the colour
	// by the series' position.
	Colour int
}

// A Figure is a line plot of series.
type Figure struct {
	Title, XLabel, YLabel string
	LogX, LogY            bool
	Series                []Series
}

// palette holds distinguishable colours (Tableau 10 and a few more).
var palette = []color.NRGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xff, 0x7f, 0x0e, 0xff}, {0x2c, 0xa0, 0x2c, 0xff}, {0xd6, 0x27, 0x28, 0xff},
	{0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff}, {0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff},
	{0xbc, 0xbd, 0x22, 0xff}, {0x17, 0xbe, 0xcf, 0xff}, {0x00, 0x00, 0x00, 0xff}, {0x99, 0x00, 0x33, 0xff},
}

// SavePNG draws f into a PNG file of 20 × 12 cm, the legend on the right.
func (f Figure) SavePNG(path string) error {
	p := plot.New()
	p.Title.Text = f.Title
	p.X.Label.Text = f.XLabel
	p.Y.Label.Text = f.YLabel
	if f.LogX {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
	}
	if f.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	p.Add(plotter.NewGrid())
	leg := plot.NewLegend()
	mid := float64(len(f.Series)-1) / 2
	for i, s := range f.Series {
		xs := make(plotter.XYs, len(s.X))
		for j := range s.X {
			xs[j] = plotter.XY{X: s.X[j], Y: s.Y[j]}
			// Spread the series a little along x so that their error
			// bars do not hide each other.
			if s.Lo != nil && len(f.Series) > 1 {
				shift := 0.25 * (float64(i) - mid) / mid
				if f.LogX {
					xs[j].X *= math.Pow(1.12, shift)
				} else if len(s.X) > 1 {
					xs[j].X += shift * 0.15 * (s.X[len(s.X)-1] - s.X[0]) / float64(len(s.X)-1)
				}
			}
		}
		col := palette[i%len(palette)]
		if s.Colour > 0 {
			col = palette[(s.Colour-1)%len(palette)]
		}
		line, points, err := plotter.NewLinePoints(xs)
		if err != nil {
			return fmt.Errorf("benchmarks: plot %q: %w", s.Name, err)
		}
		line.Color = col
		line.Width = vg.Points(1.5)
		if s.Dashed {
			line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		points.Color = col
		points.Shape = plotutil.Shape(i/len(palette)*3 + i%3)
		p.Add(line, points)
		leg.Add(s.Name, line, points)
		if s.Lo != nil {
			bars, err := plotter.NewYErrorBars(errPoints{XYs: xs, lo: s.Lo, hi: s.Hi})
			if err != nil {
				return fmt.Errorf("benchmarks: plot %q: %w", s.Name, err)
			}
			bars.LineStyle = draw.LineStyle{Color: withAlpha(col, 0x90), Width: vg.Points(0.8)}
			bars.CapWidth = vg.Points(3)
			p.Add(bars)
		}
	}
	const width, height, legendWidth = 20 * vg.Centimeter, 12 * vg.Centimeter, 5 * vg.Centimeter
	img := vgimg.New(width, height)
	dc := draw.New(img)
	p.Draw(draw.Crop(dc, 0, -legendWidth, 0, 0))
	leg.Top = true
	leg.Left = true
	leg.Draw(draw.Crop(dc, width-legendWidth+vg.Points(6), 0, 0, -vg.Points(24)))
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("benchmarks: %w", err)
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(out); err != nil {
		out.Close()
		return fmt.Errorf("benchmarks: save %s: %w", path, err)
	}
	return out.Close()
}

// errPoints gives plotter the error bars of a Series, relative to Y.
type errPoints struct {
	plotter.XYs
	lo, hi []float64
}

func (e errPoints) YError(i int) (float64, float64) {
	return e.XYs[i].Y - e.lo[i], e.hi[i] - e.XYs[i].Y
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// NDCGFigure returns the NDCG@k curves of every system on task t, with
// their bootstrap intervals; baselines are dashed.
func NDCGFigure(title string, t *TaskResult, ks []int, b Bootstrap) Figure {
	f := Figure{Title: title, XLabel: "k", YLabel: "NDCG@k (95% CI)"}
	for _, s := range t.Systems {
		se := Series{Name: s.Name, Dashed: s.Baseline}
		for _, k := range ks {
			iv := b.Mean(s.PerQuery[At(MetricNDCG, k)])
			se.X = append(se.X, float64(k))
			se.Y = append(se.Y, iv.Mean)
			se.Lo = append(se.Lo, iv.Lo)
			se.Hi = append(se.Hi, iv.Hi)
		}
		f.Series = append(f.Series, se)
	}
	return f
}

// logTicks labels a logarithmic axis at 1, 2 and 5 times the powers of
// ten, which plot.LogTicks leaves unlabelled on short ranges.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	if lo <= 0 || hi <= lo {
		return out
	}
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		for _, m := range []float64{1, 2, 3, 4, 5, 6, 7, 8, 9} {
			v := m * math.Pow(10, e)
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			out = append(out, t)
		}
	}
	return out
}
