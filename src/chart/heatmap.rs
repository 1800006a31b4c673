//! Draws histogram buckets over time as Grafana's heatmap panel does: one row per bucket,
//! the lowest at the bottom, labelled beside its middle by its upper bound; one column per
//! step;
//! each cell coloured by its value on an orange scale (Grafana's default "Oranges",
//! exponential with exponent 0.5), cells at zero left empty. Over any plotters backend,
//! like [`super::draw`].

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::lang::Lang;

use super::draw::{plot_area, rgb, time_chart, ChartError, Theme, TimeFrame};
use super::options::PlotArea;

/// The palest and the deepest orange of the scale.
const PALE: (u8, u8, u8) = (0xfd, 0xd4, 0x9e);
const DEEP: (u8, u8, u8) = (0xd9, 0x48, 0x01);

/// Values at or below this are empty cells (Grafana hides values ≤ 1e-9 by default).
const EMPTY_AT_MOST: f64 = 1e-9;

/// Buckets over time, ready to draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeatmapData {
    /// Each row's label, lowest bucket first (its upper bound: `0.1`, `+Inf`).
    pub buckets: Vec<String>,
    /// Each row's `(time ms, value)` cells, in time order; a cell covers the step that
    /// ends at its time.
    pub cells: Vec<Vec<(i64, f64)>>,
    /// Left edge of the time axis (ms).
    pub start_ms: i64,
    /// Right edge of the time axis (ms).
    pub end_ms: i64,
    /// The step (ms): each cell's width.
    pub step_ms: i64,
}

impl HeatmapData {
    /// The largest finite value, the top of the colour scale (0 when there is none).
    pub fn max_value(&self) -> f64 {
        self.cells
            .iter()
            .flatten()
            .map(|c| c.1)
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
    }

    /// The number of cells drawn (finite, above zero).
    pub fn filled_cells(&self) -> usize {
        self.cells
            .iter()
            .flatten()
            .filter(|c| c.1.is_finite() && c.1 > EMPTY_AT_MOST)
            .count()
    }
}

/// The colour of `v` on a scale from 0 to `max`: pale to deep orange, the square root of
/// the fraction (small counts stay visible beside large ones).
pub fn heatmap_color(v: f64, max: f64) -> (u8, u8, u8) {
    let f = if max > 0.0 && v.is_finite() {
        (v / max).clamp(0.0, 1.0).sqrt()
    } else {
        0.0
    };
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    (
        mix(PALE.0, DEEP.0),
        mix(PALE.1, DEEP.1),
        mix(PALE.2, DEEP.2),
    )
}

/// Paints the heatmap: background, time axis with clock labels, a row per bucket labelled
/// by its bound, the cells. Returns where the plotting area is.
pub fn draw_heatmap<DB: DrawingBackend>(
    backend: DB,
    data: &HeatmapData,
    theme: &Theme,
    utc_offset_min: i32,
    lang: Lang,
) -> Result<PlotArea, ChartError> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| ChartError(e.to_string());
    let root = backend.into_drawing_area();
    root.fill(&rgb(theme.background)).map_err(err)?;
    let (start, end) = (data.start_ms, data.end_ms.max(data.start_ms + 1));
    let rows = data.buckets.len().max(1);
    let font = ("sans-serif", theme.font_px)
        .into_font()
        .color(&rgb(theme.text));
    let frame = TimeFrame {
        times: start..end,
        values: 0.0..rows as f64,
        extra_top: 0,
        extra_right: 0,
        y_labels: 0,
        y_format: &|_| String::new(),
        y_grid: false,
        utc_offset_min,
        lang,
    };
    let mut chart = time_chart(&root, theme, &frame).map_err(err)?;
    // Each row's bound beside its middle, fewer when rows are thinner than the text.
    let row_px = chart.plotting_area().get_pixel_range().1.len() as f64 / rows as f64;
    let every = (f64::from(theme.font_px + 2) / row_px.max(1.0))
        .ceil()
        .max(1.0) as usize;
    let right_middle = font.pos(Pos::new(HPos::Right, VPos::Center));
    for (row, label) in data.buckets.iter().enumerate().step_by(every) {
        let (x, y) = chart.backend_coord(&(start, row as f64 + 0.5));
        root.draw(&Text::new(label.clone(), (x - 6, y), right_middle.clone()))
            .map_err(err)?;
    }
    let area = plot_area(&chart, &frame);
    let max = data.max_value();
    let step = data.step_ms.max(1);
    for (row, cells) in data.cells.iter().enumerate().take(rows) {
        let filled = cells
            .iter()
            .filter(|c| c.1.is_finite() && c.1 > EMPTY_AT_MOST)
            .map(|&(t, v)| {
                let (a, b) = ((t - step).clamp(start, end), t.clamp(start, end));
                let style = rgb(heatmap_color(v, max)).filled();
                Rectangle::new([(a, row as f64), (b, row as f64 + 1.0)], style)
            });
        chart.draw_series(filled).map_err(err)?;
    }
    root.present().map_err(err)?;
    Ok(area)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three buckets over four steps of 15 s; the middle one empty at first.
    fn buckets() -> HeatmapData {
        let row = |values: [f64; 4]| {
            values
                .iter()
                .enumerate()
                .map(|(k, &v)| ((k as i64 + 1) * 15_000, v))
                .collect()
        };
        HeatmapData {
            buckets: vec!["0.1".into(), "0.5".into(), "+Inf".into()],
            cells: vec![
                row([4.0, 4.0, 2.0, 1.0]),
                row([0.0, 1.0, 2.0, 8.0]),
                row([0.5, 0.0, f64::NAN, 0.0]),
            ],
            start_ms: 0,
            end_ms: 60_000,
            step_ms: 15_000,
        }
    }

    fn svg_of(data: &HeatmapData) -> String {
        let mut svg = String::new();
        draw_heatmap(
            SVGBackend::with_string(&mut svg, (600, 240)),
            data,
            &Theme::DARK,
            0,
            Lang::En,
        )
        .unwrap();
        svg
    }

    fn hex((r, g, b): (u8, u8, u8)) -> String {
        format!("#{r:02X}{g:02X}{b:02X}")
    }

    #[test]
    fn the_scale_goes_from_pale_to_deep_orange() {
        assert_eq!(heatmap_color(0.0, 8.0), PALE);
        assert_eq!(heatmap_color(8.0, 8.0), DEEP);
        assert_eq!(heatmap_color(80.0, 8.0), DEEP, "clamped");
        assert_eq!(heatmap_color(f64::NAN, 8.0), PALE);
        assert_eq!(heatmap_color(3.0, 0.0), PALE);
        // The square root: a quarter of the top is half way.
        let half = heatmap_color(2.0, 8.0);
        assert!(half.1 < PALE.1 && half.1 > DEEP.1, "{half:?}");
        assert_eq!(half.1, heatmap_color(4.5, 18.0).1);
    }

    #[test]
    fn every_filled_cell_is_a_coloured_rectangle() {
        let data = buckets();
        assert_eq!(data.max_value(), 8.0);
        assert_eq!(data.filled_cells(), 8, "zeros and NaN are empty");
        let svg = svg_of(&data);
        let upper = svg.to_uppercase();
        let rects = |colour: (u8, u8, u8)| {
            upper
                .lines()
                .filter(|l| l.starts_with("<RECT") && l.contains(&hex(colour)))
                .count()
        };
        assert_eq!(rects(DEEP), 1, "the largest value, once");
        assert_eq!(rects(heatmap_color(4.0, 8.0)), 2);
        assert_eq!(rects(heatmap_color(2.0, 8.0)), 2);
        assert_eq!(rects(heatmap_color(1.0, 8.0)), 2);
        assert_eq!(rects(heatmap_color(0.5, 8.0)), 1);
        // Nothing drawn: only the background.
        let empty = svg_of(&HeatmapData::default());
        assert!(!empty.to_uppercase().contains(&hex(DEEP)));
    }

    #[test]
    fn rows_stack_from_the_lowest_bucket_up() {
        let mut data = buckets();
        // Only the top bucket's last cell, and only the bottom bucket's first.
        data.cells = vec![vec![(15_000, 1.0)], vec![], vec![(60_000, 1.0)]];
        let svg = svg_of(&data);
        let ys: Vec<(i32, i32)> = svg
            .lines()
            .filter(|l| l.starts_with("<rect") && l.to_uppercase().contains(&hex(DEEP)))
            .map(|l| {
                let num = |key: &str| {
                    l.split(key)
                        .nth(1)
                        .and_then(|r| r.split('"').nth(1))
                        .and_then(|v| v.parse::<i32>().ok())
                        .unwrap_or(-1)
                };
                (num(" x="), num(" y="))
            })
            .collect();
        assert_eq!(ys.len(), 2, "{svg}");
        let (bottom, top) = (ys[0], ys[1]);
        assert!(
            bottom.1 > top.1,
            "the lowest bucket is drawn lowest: {ys:?}"
        );
        assert!(bottom.0 < top.0, "the first step is leftmost: {ys:?}");
    }
}
