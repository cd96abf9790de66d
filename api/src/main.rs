use clap::Parser;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    match medtrack::run(medtrack::cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "medtrack stopped");
            eprintln!("medtrack: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
