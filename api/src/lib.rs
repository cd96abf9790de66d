//! The MedTrack server: REST API, storage drivers and the `medtrack` command.

pub mod auth;
pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod metrics;
pub mod ports;
pub mod routes;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod workers;

use std::io::Write;

use cli::{AdminCommand, Cli, Command, StoreCommand};
use config::StoreKind;

/// Runs one `medtrack` command.
pub async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    telemetry::init(cli.log_format);
    match cli.command {
        Command::Serve(settings) => {
            let app = startup::Application::build(*settings).await?;
            app.run_until_stopped().await?;
        }
        Command::Store {
            command: StoreCommand::Init(settings),
        } => {
            let store = startup::open_store(&settings).await?;
            startup::init_store(&store).await?;
        }
        Command::Store {
            command: StoreCommand::RebuildAnalytics(settings),
        } => {
            let store = startup::open_store(&settings).await?;
            let sink = std::sync::Arc::new(ports::DevSink::new(store.clone()));
            let ctx = domain::Context::new(store, sink);
            let done = domain::analytics::rebuild::rebuild(&ctx).await?;
            eprintln!(
                "counted {} appointments, {} doses and {} discharges into {} counters",
                done.appointments, done.doses, done.discharges, done.counters
            );
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    name,
                    password_stdin,
                    store: settings,
                },
        } => {
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                line.trim_end_matches(['\r', '\n']).to_owned()
            } else {
                let first = rpassword::prompt_password("Password for the new admin: ")?;
                if rpassword::prompt_password("The same password again: ")? != first {
                    return Err("the two passwords differ".into());
                }
                first
            };
            let store = startup::open_store(&settings).await?;
            if settings.kind == StoreKind::Sqlite {
                startup::init_store(&store).await?;
            }
            // No messages go out from here: the sink stands in for the messenger.
            let sink = std::sync::Arc::new(ports::DevSink::new(store.clone()));
            let ctx = domain::Context::new(store, sink);
            match domain::accounts::create_admin(&ctx, &name, &email, &password).await {
                Ok(account) => {
                    eprintln!("admin account {} created for {}", account.id, account.email)
                }
                Err(domain::DomainError::Invalid(fields)) => {
                    let problems: Vec<String> = fields
                        .into_map()
                        .into_iter()
                        .map(|(f, m)| format!("{f} {m}"))
                        .collect();
                    return Err(problems.join("; ").into());
                }
                Err(other) => return Err(other.to_string().into()),
            }
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
