//! Draws a [`ChartData`] as a Grafana-style time-series panel on any plotters backend.

use std::fmt;

use plotters::prelude::*;

use super::data::ChartData;
use super::format::{format_clock, format_value, nice_step_ms};
use super::palette::series_color;

/// Colours and sizes of the panel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// Panel background.
    pub background: (u8, u8, u8),
    /// Grid lines.
    pub grid: (u8, u8, u8),
    /// Axis labels.
    pub text: (u8, u8, u8),
    /// Label font size in pixels (larger for projectors).
    pub font_px: u32,
    /// Line width in pixels.
    pub line_px: u32,
}

impl Theme {
    /// Grafana's dark panel.
    pub const DARK: Theme = Theme {
        background: (0x18, 0x1b, 0x1f),
        grid: (0x2c, 0x30, 0x35),
        text: (0xcc, 0xcc, 0xdc),
        font_px: 13,
        line_px: 2,
    };
    /// Grafana's light panel.
    pub const LIGHT: Theme = Theme {
        background: (0xff, 0xff, 0xff),
        grid: (0xe4, 0xe6, 0xea),
        text: (0x24, 0x29, 0x2e),
        font_px: 13,
        line_px: 2,
    };
}

/// A drawing failure (the backend's own error, as text).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartError(pub String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chart drawing failed: {}", self.0)
    }
}

fn rgb(c: (u8, u8, u8)) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Paints the panel: background, grid with clock times and short values, one line per
/// series (broken where samples are missing), isolated points as dots.
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    data: &ChartData,
    theme: &Theme,
    from_zero: bool,
    utc_offset_min: i32,
) -> Result<(), ChartError> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| ChartError(e.to_string());
    let root = backend.into_drawing_area();
    root.fill(&rgb(theme.background)).map_err(err)?;
    let (start, end) = (data.start_ms, data.end_ms.max(data.start_ms + 1));
    let (lo, hi) = data.value_range(from_zero);
    let (width, _) = root.dim_in_pixel();
    let tick = nice_step_ms(end - start, i64::from(width / 110).max(2));
    let first = start.div_euclid(tick) * tick + if start.rem_euclid(tick) == 0 { 0 } else { tick };
    let ticks: Vec<i64> = (0..)
        .map(|k| first + k * tick)
        .take_while(|&t| t <= end)
        .collect();
    let with_seconds = tick < 60_000;
    let font = ("sans-serif", theme.font_px)
        .into_font()
        .color(&rgb(theme.text));
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(theme.font_px * 2)
        .y_label_area_size(theme.font_px * 5)
        .build_cartesian_2d((start..end).with_key_points(ticks), lo..hi)
        .map_err(err)?;
    chart
        .configure_mesh()
        .bold_line_style(rgb(theme.grid))
        .light_line_style(TRANSPARENT)
        .axis_style(rgb(theme.grid))
        .label_style(font)
        .y_labels(6)
        .x_label_formatter(&|t| format_clock(*t, utc_offset_min, with_seconds))
        .y_label_formatter(&|v| format_value(*v))
        .draw()
        .map_err(err)?;
    let max_gap = (data.step_ms.max(1) * 3) / 2;
    for (i, series) in data.series.iter().enumerate() {
        let style = ShapeStyle {
            color: rgb(series_color(i)).to_rgba(),
            filled: true,
            stroke_width: theme.line_px,
        };
        for segment in series.segments(max_gap) {
            if segment.len() == 1 {
                chart
                    .draw_series(
                        segment
                            .iter()
                            .map(|&p| Circle::new(p, theme.line_px + 1, style)),
                    )
                    .map_err(err)?;
            } else {
                chart
                    .draw_series(LineSeries::new(segment, style))
                    .map_err(err)?;
            }
        }
    }
    root.present().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::ChartSeries;

    #[test]
    fn draws_lines_and_clock_labels_to_svg() {
        let data = ChartData {
            series: vec![ChartSeries {
                name: "http_requests_total".into(),
                points: (0..20).map(|k| (k * 15_000, k as f64)).collect(),
            }],
            start_ms: 0,
            end_ms: 19 * 15_000,
            step_ms: 15_000,
        };
        let mut svg = String::new();
        draw(
            SVGBackend::with_string(&mut svg, (800, 300)),
            &data,
            &Theme::DARK,
            true,
            0,
        )
        .unwrap();
        assert!(svg.contains("polyline"), "a line is drawn");
        // One vertical grid line a round minute (0:00 .. 4:00); labels need a font, which
        // only the browser backend has, and are tested in `format`.
        let vertical = svg
            .lines()
            .filter(|l| l.starts_with("<line") && l.contains("y2=\"12\""))
            .count();
        assert_eq!(vertical, 5, "{svg}");
        assert!(
            svg.contains("#73BF69") || svg.contains("#73bf69") || svg.contains("rgb(115,191,105)"),
            "first series in Grafana green"
        );
    }
}
