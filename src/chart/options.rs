//! What the chart draws besides the lines: stacking, the Y axis from zero, threshold
//! lines, the raw scraped samples as dots, the window lens overlay, and how the Y axis
//! writes its values.

use crate::lang::Lang;

use super::format::format_value;

/// A horizontal line at `value` (an alert threshold, an SLO).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Threshold {
    /// Where the line is drawn, in the chart's value units.
    pub value: f64,
    /// Its colour, as `(r, g, b)`.
    pub colour: (u8, u8, u8),
}

/// The window lens on the chart: the window of one evaluation as a shaded band, the raw
/// samples inside it emphasised, the ones just outside hollow, and the extrapolation to
/// the window's edges dashed. Raw values are drawn on the samples' axis.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Highlight {
    /// The window `(start, end]`, ms.
    pub window: (i64, i64),
    /// Raw samples inside the window.
    pub included: Vec<(i64, f64)>,
    /// Raw samples shown as excluded (e.g. exactly at the window's open start).
    pub excluded: Vec<(i64, f64)>,
    /// Dashed segments from the first/last sample to the extrapolated window edges.
    pub extrapolated: Vec<[(i64, f64); 2]>,
    /// The evaluated point the lens explains, on the main axis.
    pub point: Option<(i64, f64)>,
}

impl Highlight {
    /// Every raw value the overlay draws (to size the samples' axis).
    pub fn raw_values(&self) -> impl Iterator<Item = f64> + '_ {
        self.included
            .iter()
            .chain(self.excluded.iter())
            .map(|p| p.1)
            .chain(self.extrapolated.iter().flat_map(|s| s.iter().map(|p| p.1)))
    }
}

/// How a chart writes values on its Y axis: a plain function handed in by whoever shows
/// the chart (a dashboard panel passes its unit's), so the chart knows nothing of units.
#[derive(Clone, Copy, Debug)]
pub struct ValueFormatter(pub fn(f64) -> String);

impl ValueFormatter {
    /// `v` as a label.
    pub fn format(&self, v: f64) -> String {
        (self.0)(v)
    }
}

impl Default for ValueFormatter {
    /// Short numbers with SI suffixes ([`format_value`]).
    fn default() -> Self {
        ValueFormatter(format_value)
    }
}

impl PartialEq for ValueFormatter {
    /// The same function. (Two copies of one function may compare unequal; that only
    /// costs a redraw.)
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.0, other.0)
    }
}

/// Options of one drawing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartOptions {
    /// Stack the series (cumulative sums per timestamp, Grafana's "normal" stacking).
    pub stacked: bool,
    /// Include zero in the Y axis.
    pub from_zero: bool,
    /// Horizontal threshold lines.
    pub thresholds: Vec<Threshold>,
    /// Raw scraped samples per series, drawn as dots behind the lines (empty: none).
    pub samples: Vec<Vec<(i64, f64)>>,
    /// Raw samples are in other units than the lines (e.g. a counter under its `rate`):
    /// draw them, and the lens, on their own axis on the right.
    pub samples_own_axis: bool,
    /// The window lens overlay.
    pub highlight: Option<Highlight>,
    /// How the Y axis labels are written (by default plain short numbers).
    pub y_format: ValueFormatter,
    /// The title of the raw samples' own axis (when drawn), in the viewer's language.
    pub samples_axis_title: String,
    /// The language of day labels at midnight on the X axis.
    pub lang: Lang,
}

/// Where the data went on the drawing: the plotting area's pixel rectangle and the data
/// ranges it maps, so a pointer position can be turned into a time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotArea {
    /// Left edge of the plotting area, px from the drawing's left.
    pub left: i32,
    /// Right edge, px.
    pub right: i32,
    /// Top edge, px.
    pub top: i32,
    /// Bottom edge, px.
    pub bottom: i32,
    /// Time at the left edge, ms.
    pub start_ms: i64,
    /// Time at the right edge, ms.
    pub end_ms: i64,
    /// Value at the bottom edge.
    pub lo: f64,
    /// Value at the top edge.
    pub hi: f64,
}

impl PlotArea {
    /// The time under pixel column `x`, clamped to the drawn range.
    pub fn time_at(&self, x: f64) -> i64 {
        let width = f64::from((self.right - self.left).max(1));
        let frac = ((x - f64::from(self.left)) / width).clamp(0.0, 1.0);
        self.start_ms + ((self.end_ms - self.start_ms) as f64 * frac).round() as i64
    }

    /// The pixel column of time `t`.
    pub fn x_of(&self, t: i64) -> f64 {
        let span = (self.end_ms - self.start_ms).max(1) as f64;
        f64::from(self.left) + (t - self.start_ms) as f64 / span * f64::from(self.right - self.left)
    }

    /// The pixel row of value `v` on the main axis.
    pub fn y_of(&self, v: f64) -> f64 {
        let span = if self.hi > self.lo {
            self.hi - self.lo
        } else {
            1.0
        };
        f64::from(self.bottom) - (v - self.lo) / span * f64::from(self.bottom - self.top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixels_map_to_times_and_back() {
        let a = PlotArea {
            left: 100,
            right: 300,
            top: 10,
            bottom: 110,
            start_ms: 0,
            end_ms: 60_000,
            lo: 0.0,
            hi: 10.0,
        };
        assert_eq!(a.time_at(200.0), 30_000);
        assert_eq!(a.time_at(0.0), 0, "clamped left");
        assert_eq!(a.time_at(1000.0), 60_000, "clamped right");
        assert_eq!(a.x_of(15_000), 150.0);
        assert_eq!(a.y_of(5.0), 60.0);
    }

    #[test]
    fn the_value_formatter_defaults_to_short_numbers() {
        fn per_second(v: f64) -> String {
            format!("{v}/s")
        }
        let short = ValueFormatter::default();
        assert_eq!(short.format(15_000.0), format_value(15_000.0));
        let custom = ValueFormatter(per_second);
        assert_eq!(custom.format(2.0), "2/s");
        assert_eq!(custom, ValueFormatter(per_second));
        assert_ne!(custom, short);
    }
}
