//! The app's Python code for the version that runs (the very file the simulation
//! imitates) and a `requirements.txt` pinning the versions of Flask and
//! prometheus_client that `tests/reference/generate.py` wrote Sonde's reference pages
//! with.

use crate::sim::{app_code, Instrumentation};

use super::{ExportFile, TEXT};

/// The Flask release the reference pages were written with.
pub const FLASK_VERSION: &str = "3.1.3";
/// The prometheus_client release the reference pages were written with.
pub const PROMETHEUS_CLIENT_VERSION: &str = "0.26.0";

/// `app.py` of `version`.
pub fn app_file(version: Instrumentation) -> ExportFile {
    ExportFile::text("app.py", "text/x-python", app_code(version).to_string())
}

/// `requirements.txt` pinning Flask and prometheus-client.
pub fn requirements_file() -> ExportFile {
    ExportFile::text(
        "requirements.txt",
        TEXT,
        format!("flask=={FLASK_VERSION}\nprometheus-client=={PROMETHEUS_CLIENT_VERSION}\n"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_version_and_the_pins() {
        for v in Instrumentation::ALL {
            let f = app_file(v);
            assert_eq!(f.name, "app.py");
            assert_eq!(f.as_text(), app_code(v));
        }
        assert_ne!(
            app_file(Instrumentation::Course),
            app_file(Instrumentation::Production)
        );
        let req = requirements_file();
        let lines: Vec<String> = req.as_text().lines().map(str::to_string).collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("flask==3.1."), "{lines:?}");
        assert!(
            lines[1].starts_with("prometheus-client==0.26."),
            "{lines:?}"
        );
    }
}
