//! Attach a file to a request, then list the request's assets.
//!
//! `CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ACCOUNT_ID=… REQUEST_ID=… cargo run --example upload_asset -- report.docx`

use cloudforce_one::{types, Client, Upload};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let account = std::env::var("CLOUDFLARE_ACCOUNT_ID")?;
    let request = std::env::var("REQUEST_ID")?;
    let upload = match std::env::args().nth(1) {
        Some(path) => Upload::from_path(path)?,
        None => Upload::from_bytes(
            "notes.txt",
            "Indicators observed on 2024-01-01".as_bytes().to_vec(),
        ),
    };
    let assets = client.requests().assets();

    let asset = assets.create(&account, &request, upload).await?;
    println!("attached asset {}: {}", asset.id, asset.name);
    // Asset ids are integers in responses; the path takes the server's id as text.
    let fetched = assets
        .get(&account, &request, &asset.id.to_string())
        .await?;
    println!("read back {} asset record(s)", fetched.len());

    for asset in assets
        .list(&account, &request, &types::AssetList::new(1, 20))
        .await?
    {
        println!(
            "{:>6} {} ({})",
            asset.id,
            asset.name,
            asset.file_type.as_deref().unwrap_or("unknown type")
        );
    }
    Ok(())
}
