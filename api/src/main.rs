use clap::Parser;

/// jemalloc, whose background thread hands freed memory back to the system
/// a few seconds after a load ends (glibc's allocator kept most of it).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    if let Err(error) = tikv_jemalloc_ctl::background_thread::write(true) {
        eprintln!("medtrack: the allocator's background thread did not start: {error}");
    }
    match medtrack::run(medtrack::cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "medtrack stopped");
            eprintln!("medtrack: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
