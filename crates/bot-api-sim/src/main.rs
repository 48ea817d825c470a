//! `bot-api-sim`: the simulator as a standalone server.

/// mimalloc instead of the system allocator: the simulator allocates and frees many small
/// buffers a second on several threads (requests, JSON, chats), where glibc's malloc showed as
/// a large part of its CPU time beside the bot.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::net::SocketAddr;

use bot_api_sim::SimServer;
use clap::Parser;

#[derive(Parser)]
#[command(version, about = "A Telegram Bot API simulator with a Stars ledger")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8081")]
    listen: SocketAddr,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    let server = SimServer::start(args.listen).await?;
    println!("bot-api-sim listening on {}", server.url());
    tokio::signal::ctrl_c().await?;
    server.shutdown().await;
    Ok(())
}
