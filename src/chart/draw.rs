//! Draws a [`ChartData`] as a Grafana-style time-series panel on any plotters backend.

use std::fmt;
use std::ops::Range;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use plotters::coord::combinators::WithKeyPoints;
use plotters::coord::types::{RangedCoordf64, RangedCoordi64};
use plotters::coord::Shift;

use crate::lang::Lang;

use super::data::{ChartData, ChartSeries};
use super::format::{format_axis_time, format_value, local_midnights};
use super::options::{ChartOptions, Highlight, PlotArea};
use super::palette::series_color;
use super::step::tick_step_ms;

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

/// A plotters colour of `(r, g, b)`.
pub(super) fn rgb(c: (u8, u8, u8)) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// The time axis' ticks over `[start, end]` on a drawing `width` px wide (about one every
/// 110 px, on round times), and whether their labels need seconds.
fn time_ticks(start: i64, end: i64, width: u32) -> (Vec<i64>, bool) {
    let tick = tick_step_ms(end - start, i64::from(width / 110).max(2));
    let first = start.div_euclid(tick) * tick + if start.rem_euclid(tick) == 0 { 0 } else { tick };
    let ticks = (0..)
        .map(|k| first + k * tick)
        .take_while(|&t| t <= end)
        .collect();
    (ticks, tick < 60_000)
}

/// The coordinates of a time chart: clock times across, values up.
pub(super) type TimeCoord = Cartesian2d<WithKeyPoints<RangedCoordi64>, RangedCoordf64>;

/// What a time chart's frame shows: its time span, its value span and how the value axis
/// is labelled, and room beside it.
pub(super) struct TimeFrame<'f> {
    /// The time span, ms.
    pub times: Range<i64>,
    /// The value span.
    pub values: Range<f64>,
    /// Extra room above the plot (a title), px.
    pub extra_top: u32,
    /// Extra room right of the plot (a second axis), px.
    pub extra_right: u32,
    /// How many value labels (0: none) and how they are written.
    pub y_labels: usize,
    /// Writes a value label.
    pub y_format: &'f dyn Fn(&f64) -> String,
    /// Horizontal grid lines at the value labels.
    pub y_grid: bool,
    /// The viewer's offset from UTC, minutes, for clock labels.
    pub utc_offset_min: i32,
    /// The language of day labels.
    pub lang: Lang,
}

/// The frame every time chart shares on `root`: margins and label areas sized to the
/// theme's font, round clock times across with their grid lines, the value axis as
/// `frame` says.
pub(super) fn time_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    frame: &TimeFrame,
) -> Result<ChartContext<'a, DB, TimeCoord>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (width, _) = root.dim_in_pixel();
    let (start, end) = (frame.times.start, frame.times.end);
    let (ticks, with_seconds) = time_ticks(start, end, width);
    let font = ("sans-serif", theme.font_px)
        .into_font()
        .color(&rgb(theme.text));
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .margin_top(12 + frame.extra_top)
        // Room for the last time label, centred on the right edge.
        .margin_right(theme.font_px * 2 + frame.extra_right)
        .x_label_area_size(theme.font_px * 2)
        .y_label_area_size(theme.font_px * 5)
        .build_cartesian_2d((start..end).with_key_points(ticks), frame.values.clone())?;
    let x_format = |t: &i64| format_axis_time(*t, frame.utc_offset_min, with_seconds, frame.lang);
    let mut mesh = chart.configure_mesh();
    mesh.bold_line_style(rgb(theme.grid))
        .light_line_style(TRANSPARENT)
        .axis_style(rgb(theme.grid))
        .label_style(font)
        .y_labels(frame.y_labels)
        .x_label_formatter(&x_format)
        .y_label_formatter(frame.y_format);
    if !frame.y_grid {
        mesh.disable_y_mesh();
    }
    mesh.draw()?;
    Ok(chart)
}

/// Where `chart`, drawn for `frame`, put its plotting area.
pub(super) fn plot_area<DB: DrawingBackend>(
    chart: &ChartContext<'_, DB, TimeCoord>,
    frame: &TimeFrame,
) -> PlotArea {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    PlotArea {
        left: xs.start,
        right: xs.end,
        top: ys.start,
        bottom: ys.end,
        start_ms: frame.times.start,
        end_ms: frame.times.end,
        lo: frame.values.start,
        hi: frame.values.end,
    }
}

/// Maps raw sample values (their own axis) into the main axis' value space.
#[derive(Clone, Copy)]
struct RawAxis {
    /// Raw range `(lo, hi)` and main range `(lo, hi)`.
    raw: (f64, f64),
    main: (f64, f64),
}

impl RawAxis {
    fn map(&self, v: f64) -> f64 {
        let span = self.raw.1 - self.raw.0;
        self.main.0 + (v - self.raw.0) / span * (self.main.1 - self.main.0)
    }
}

/// The value range of raw values, padded as the main axis is.
fn raw_range(values: impl Iterator<Item = f64>, from_zero: bool) -> (f64, f64) {
    let data = ChartData {
        series: vec![ChartSeries {
            name: String::new(),
            points: values.map(|v| (0, v)).collect(),
        }],
        ..ChartData::default()
    };
    data.value_range(from_zero)
}

/// Paints the panel: background, grid with clock times and short values, thresholds, the
/// raw samples as dots, one line per series (broken where samples are missing, stacked
/// when asked), isolated points as dots, and the window lens. Returns where the plotting
/// area is, so pointer positions can be mapped to times.
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    data: &ChartData,
    theme: &Theme,
    options: &ChartOptions,
    utc_offset_min: i32,
) -> Result<PlotArea, ChartError> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| ChartError(e.to_string());
    let root = backend.into_drawing_area();
    root.fill(&rgb(theme.background)).map_err(err)?;
    let shown = if options.stacked {
        data.stacked()
    } else {
        data.clone()
    };
    let (start, end) = (data.start_ms, data.end_ms.max(data.start_ms + 1));
    let visible = |t: i64| t >= start && t <= end;
    let (mut lo, mut hi) = shown.value_range(options.from_zero);
    let shared_raw = if options.samples_own_axis {
        Vec::new()
    } else {
        let samples = options.samples.iter().flatten().filter(|p| visible(p.0));
        let lens = options.highlight.iter().flat_map(|h| h.raw_values());
        samples.map(|p| p.1).chain(lens).collect()
    };
    for v in options
        .thresholds
        .iter()
        .map(|t| t.value)
        .chain(shared_raw)
        .filter(|v| v.is_finite())
    {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    let raw_values: Vec<f64> = options
        .samples
        .iter()
        .flatten()
        .filter(|p| visible(p.0))
        .map(|p| p.1)
        .chain(options.highlight.iter().flat_map(|h| h.raw_values()))
        .filter(|v| v.is_finite())
        .collect();
    let own_axis = options.samples_own_axis && !raw_values.is_empty();
    let raw_axis = RawAxis {
        raw: if own_axis {
            raw_range(raw_values.into_iter(), options.from_zero)
        } else {
            (lo, hi)
        },
        main: (lo, hi),
    };
    let (width, _) = root.dim_in_pixel();
    let font = ("sans-serif", theme.font_px)
        .into_font()
        .color(&rgb(theme.text));
    let titled = own_axis && !options.samples_axis_title.is_empty();
    let y_format = |v: &f64| options.y_format.format(*v);
    let frame = TimeFrame {
        times: start..end,
        values: lo..hi,
        extra_top: if titled { theme.font_px + 2 } else { 0 },
        // Room for the samples' axis.
        extra_right: if own_axis { theme.font_px * 4 } else { 0 },
        y_labels: 6,
        y_format: &y_format,
        y_grid: true,
        utc_offset_min,
        lang: options.lang,
    };
    let mut chart = time_chart(&root, theme, &frame).map_err(err)?;
    let area = plot_area(&chart, &frame);
    // Day boundaries: a dashed line at each local midnight.
    for midnight in local_midnights(start, end, utc_offset_min) {
        chart
            .draw_series(DashedLineSeries::new(
                [(midnight, lo), (midnight, hi)],
                4,
                4,
                rgb(theme.text).mix(0.35).stroke_width(1),
            ))
            .map_err(err)?;
    }
    if own_axis {
        if titled {
            let right = font.clone().pos(Pos::new(HPos::Right, VPos::Bottom));
            root.draw(&Text::new(
                options.samples_axis_title.clone(),
                (width as i32 - 4, area.top - 6),
                right,
            ))
            .map_err(err)?;
        }
        for k in 0..=5 {
            let v = raw_axis.raw.0 + (raw_axis.raw.1 - raw_axis.raw.0) * f64::from(k) / 5.0;
            let y = area.y_of(raw_axis.map(v)).round() as i32;
            root.draw(&Text::new(
                format_value(v),
                (area.right + 6, y - theme.font_px as i32 / 2),
                font.clone(),
            ))
            .map_err(err)?;
        }
    }
    if let Some(h) = &options.highlight {
        let band = rgb(theme.text).mix(0.12).filled();
        let (a, b) = (h.window.0.clamp(start, end), h.window.1.clamp(start, end));
        chart
            .draw_series(std::iter::once(Rectangle::new([(a, lo), (b, hi)], band)))
            .map_err(err)?;
    }
    for th in &options.thresholds {
        let style = rgb(th.colour).stroke_width(theme.line_px);
        chart
            .draw_series(DashedLineSeries::new(
                [(start, th.value), (end, th.value)],
                8,
                5,
                style,
            ))
            .map_err(err)?;
    }
    for (i, samples) in options.samples.iter().enumerate() {
        let style = rgb(series_color(i)).mix(0.55).filled();
        chart
            .draw_series(
                samples
                    .iter()
                    .filter(|p| visible(p.0) && p.1.is_finite())
                    .map(|&(t, v)| Circle::new((t, raw_axis.map(v)), 3, style)),
            )
            .map_err(err)?;
    }
    let max_gap = (data.step_ms.max(1) * 3) / 2;
    for (i, series) in shown.series.iter().enumerate() {
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
    if let Some(h) = &options.highlight {
        draw_lens(&mut chart, h, theme, raw_axis).map_err(err)?;
    }
    root.present().map_err(err)?;
    Ok(area)
}

/// The lens' marks: dashed extrapolation, included samples ringed, excluded ones hollow,
/// and the explained point.
fn draw_lens<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, TimeCoord>,
    h: &Highlight,
    theme: &Theme,
    raw: RawAxis,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let ink = rgb(theme.text);
    for seg in &h.extrapolated {
        let pts = seg.map(|(t, v)| (t, raw.map(v)));
        chart.draw_series(DashedLineSeries::new(pts, 6, 4, ink.stroke_width(2)))?;
    }
    chart.draw_series(
        h.included
            .iter()
            .map(|&(t, v)| Circle::new((t, raw.map(v)), 5, ink.stroke_width(2))),
    )?;
    chart.draw_series(
        h.excluded
            .iter()
            .map(|&(t, v)| Cross::new((t, raw.map(v)), 5, ink.mix(0.7).stroke_width(2))),
    )?;
    if let Some(p) = h.point {
        chart.draw_series(std::iter::once(Circle::new(p, 6, ink.filled())))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Threshold;

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
            &ChartOptions {
                from_zero: true,
                ..ChartOptions::default()
            },
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

    #[test]
    fn day_boundaries_are_dashed_lines_at_local_midnight() {
        let midnight = 1_796_083_200_000; // 2026-12-01T00:00:00Z
        let data = ChartData {
            series: vec![ChartSeries {
                name: "up".into(),
                points: vec![(midnight - 3_600_000, 1.0), (midnight + 3_600_000, 1.0)],
            }],
            start_ms: midnight - 6 * 3_600_000,
            end_ms: midnight + 6 * 3_600_000,
            step_ms: 3_600_000,
        };
        let dashes = |offset_min: i32| {
            let mut svg = String::new();
            draw(
                SVGBackend::with_string(&mut svg, (800, 300)),
                &data,
                &Theme::DARK,
                &ChartOptions::default(),
                offset_min,
            )
            .unwrap();
            svg.lines()
                .filter(|l| l.contains("opacity=\"0.35\""))
                .count()
        };
        assert!(dashes(0) > 0, "a boundary at midnight UTC");
        assert_eq!(
            dashes(7 * 60),
            0,
            "none when local midnight is out of range"
        );
    }

    fn counter() -> ChartData {
        ChartData {
            series: vec![ChartSeries {
                name: "x".into(),
                points: (0..=4).map(|k| (k * 15_000, k as f64)).collect(),
            }],
            start_ms: 0,
            end_ms: 60_000,
            step_ms: 15_000,
        }
    }

    fn svg_of(data: &ChartData, options: &ChartOptions) -> (String, PlotArea) {
        let mut svg = String::new();
        let area = draw(
            SVGBackend::with_string(&mut svg, (600, 300)),
            data,
            &Theme::DARK,
            options,
            0,
        )
        .unwrap();
        (svg, area)
    }

    #[test]
    fn thresholds_widen_the_axis_and_are_drawn_in_their_colour() {
        let options = ChartOptions {
            thresholds: vec![Threshold {
                value: 10.0,
                colour: (0xf2, 0x49, 0x5c),
            }],
            ..ChartOptions::default()
        };
        let (svg, area) = svg_of(&counter(), &options);
        assert!(area.hi >= 10.0, "the threshold is on the chart: {area:?}");
        assert!(svg.to_lowercase().contains("#f2495c"), "threshold colour");
        let (_, plain) = svg_of(&counter(), &ChartOptions::default());
        assert!(plain.hi < 10.0);
        assert!(area.left < area.right && area.top < area.bottom);
        assert_eq!((area.start_ms, area.end_ms), (0, 60_000));
    }

    #[test]
    fn stacked_raises_the_axis_to_the_sum() {
        let mut data = counter();
        data.series.push(data.series[0].clone());
        let (_, flat) = svg_of(&data, &ChartOptions::default());
        let stacked = ChartOptions {
            stacked: true,
            ..ChartOptions::default()
        };
        let (_, high) = svg_of(&data, &stacked);
        assert!(flat.hi < 5.0 && high.hi >= 8.0, "{flat:?} {high:?}");
    }

    #[test]
    fn raw_samples_and_the_lens_add_marks() {
        let (plain, _) = svg_of(&counter(), &ChartOptions::default());
        let options = ChartOptions {
            samples: vec![vec![(5_000, 100.0), (20_000, 115.0), (35_000, 130.0)]],
            samples_own_axis: true,
            highlight: Some(Highlight {
                window: (10_000, 40_000),
                included: vec![(20_000, 115.0), (35_000, 130.0)],
                excluded: vec![(5_000, 100.0)],
                extrapolated: vec![[(35_000, 130.0), (40_000, 135.0)]],
                point: Some((40_000, 1.0)),
            }),
            ..ChartOptions::default()
        };
        let (svg, area) = svg_of(&counter(), &options);
        let circles = |s: &str| s.matches("<circle").count();
        assert!(circles(&svg) > circles(&plain) + 5, "{svg}");
        assert!(svg.contains("<rect"), "window band");
        assert!(area.hi < 100.0, "raw values on their own axis");
    }
}
