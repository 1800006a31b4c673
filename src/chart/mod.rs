//! The slide-5 chart: query results turned into drawable series (`data`), their axis
//! labels (`format`), and one `draw` function over any plotters `DrawingBackend`, so the
//! same code paints the page's canvas and an SVG in a native test.

mod data;
mod draw;
mod format;
mod options;
mod palette;

pub use data::{ChartData, ChartSeries};
pub use draw::{draw, ChartError, Theme};
pub use format::{auto_step_ms, format_clock, format_value, nice_step_ms};
pub use options::{ChartOptions, Highlight, PlotArea, Threshold};
pub use palette::{css_color, series_color};
