//! The slide-5 chart: query results turned into drawable series (`data`), their axis
//! labels (`format`) and round steps (`step`: ticks, query resolutions), and one `draw`
//! function over any plotters `DrawingBackend`, so the same code paints the page's canvas
//! and an SVG in a native test; histogram buckets over time drawn as a heatmap
//! (`heatmap`) the same way.

mod data;
mod draw;
mod format;
mod heatmap;
mod options;
mod palette;
mod step;

pub use data::{ChartData, ChartSeries};
pub use draw::{draw, ChartError, Theme};
pub use format::{
    format_axis_time, format_clock, format_date_time, format_day, format_value, local_midnights,
};
pub use heatmap::{draw_heatmap, heatmap_color, HeatmapData};
pub use options::{ChartOptions, Highlight, PlotArea, Threshold, ValueFormatter};
pub use palette::{css_color, series_color};
pub use step::{auto_step_ms, panel_step_ms, tick_step_ms};
