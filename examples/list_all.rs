//! Stream every open request across all pages, ten at a time.
//!
//! `CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ACCOUNT_ID=… cargo run --example list_all`

use cloudforce_one::{types, Client};
use futures_util::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let account = std::env::var("CLOUDFLARE_ACCOUNT_ID")?;
    let filters = types::RequestList::new(1, 10).status(types::RequestStatus::Open);

    let mut all = client.requests().list_all(&account, &filters);
    let mut count = 0;
    while let Some(item) = all.next().await {
        let item = item?;
        count += 1;
        println!("{} [{}] {}", item.id, item.priority, item.summary);
    }
    println!("{count} open requests");
    Ok(())
}
