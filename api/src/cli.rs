//! The `medtrack` command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{ServeSettings, StoreSettings};

/// MedTrack: patients, doctors and administrators in one healthcare system.
#[derive(Debug, Parser)]
#[command(name = "medtrack", version, about)]
pub struct Cli {
    /// Log format.
    #[arg(long, env = "MEDTRACK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How logs are written to standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the web client (SQLite in ./medtrack-data by default).
    Serve(Box<ServeSettings>),
    /// Manage the store.
    Store {
        /// What to do with the store.
        #[command(subcommand)]
        command: StoreCommand,
    },
    /// Manage accounts.
    Admin {
        /// What to do.
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Print the OpenAPI document (or write it to a file).
    Openapi {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// `medtrack store ...`
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Create the SQLite schema or the DynamoDB table and indexes, and write the
    /// reference data (the catalogue of specializations). Safe to run again.
    Init(StoreSettings),
    /// Count the analytics' day counters again from the appointments, doses
    /// and discharges (after a definition changes); run while the server is
    /// stopped or quiet.
    RebuildAnalytics(StoreSettings),
}

/// `medtrack admin ...`
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an administrator account (the first one, and any other). The
    /// password is asked for at a prompt, or read from standard input.
    Create {
        /// The admin's email address (to sign in with).
        #[arg(long)]
        email: String,
        /// The admin's full name.
        #[arg(long)]
        name: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        store: StoreSettings,
    },
}
