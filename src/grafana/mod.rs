//! The small Grafana's pure logic, tested natively: value units as Grafana writes them
//! (`units`), when panels and their alerts evaluate (`grid`), the Prometheus data source
//! and its "Save & test" (`datasource`) against the servers of the machine (`servers`),
//! a dashboard panel's settings with the parsing of what a learner types in its editor
//! (`panel`), its step and "Min interval" (`interval`), the legend format that names its
//! series (`legend`), its Stat and Heatmap visualizations (`stat`, `heatmap`), Grafana's `$__interval`-style variables in its query (`variables`)
//! and the run of its query and alert rule (`run`) over the dashboard's time range,
//! relative or absolute (`time_range`), again as the refresh picker says (`refresh`). The UI in `ui::dashboard` only shows and edits these.

pub mod datasource;
pub mod grid;
pub mod heatmap;
pub mod interval;
pub mod legend;
pub mod panel;
pub mod refresh;
pub mod run;
pub mod servers;
pub mod stat;
pub mod time_range;
pub mod units;
pub mod variables;

pub use datasource::{DataSource, DataSourceError, PROMETHEUS_URL};
pub use grid::{alert_grid, MIN_EVALUATION_INTERVAL_MS};
pub use heatmap::{to_heatmap, HeatmapError};
pub use interval::{panel_step, parse_min_interval, MinIntervalError};
pub use legend::legend_name;
pub use panel::{
    parse_alert, parse_number, AlertFields, AlertInputError, NumberError, PanelAlert, PanelSpec,
    Threshold, ThresholdColor, Visualization, DEFAULT_PANEL_QUERY,
};
pub use refresh::{refresh_key, Refresh, RefreshClocks, RefreshKey};

pub use run::{panel_data, panel_query, panel_vars, run_alert, run_panel, PanelData};
pub use servers::Server;
pub use stat::{stat_values, StatValue};
pub use time_range::{absolute_range, format_datetime_local, DashboardTime, TimeRangeError};
pub use units::Unit;
pub use variables::{interpolate, Interpolated, IntervalVars};
