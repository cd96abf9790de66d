//! The MedTrack server: REST API, storage drivers and the `medtrack` command.

pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod metrics;
pub mod routes;
pub mod startup;
pub mod store;
pub mod telemetry;

use std::io::Write;

use cli::{Cli, Command, StoreCommand};

/// Runs one `medtrack` command.
pub async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    telemetry::init(cli.log_format);
    match cli.command {
        Command::Serve(settings) => {
            let app = startup::Application::build(settings).await?;
            app.run_until_stopped().await?;
        }
        Command::Store {
            command: StoreCommand::Init(settings),
        } => {
            let store = startup::open_store(&settings).await?;
            startup::init_store(&store).await?;
        }
        Command::Openapi { output } => {
            let mut json = routes::openapi_document().to_pretty_json()?;
            json.push('\n');
            match output {
                Some(path) => std::fs::write(path, json)?,
                None => std::io::stdout().lock().write_all(json.as_bytes())?,
            }
        }
    }
    Ok(())
}
