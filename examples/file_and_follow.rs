//! File a request for information, then follow it: read it back, update it, check the quota.
//!
//! `CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ACCOUNT_ID=… cargo run --example file_and_follow`

use cloudforce_one::{types, Client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let account = std::env::var("CLOUDFLARE_ACCOUNT_ID")?;
    let requests = client.requests();

    let filed = requests
        .create(
            &account,
            &types::RequestEdit::new()
                .summary("DoS attack")
                .content("What regions were most affected by the recent DoS?")
                .request_type("Victomology")
                .priority(types::PriorityLevel::Routine)
                .tlp(types::Tlp::Amber),
        )
        .await?;
    println!(
        "filed {} ({})",
        filed.id,
        filed.readable_id.as_deref().unwrap_or("no readable id yet")
    );

    let current = requests.get(&account, &filed.id).await?;
    println!(
        "status: {}",
        current.status.as_ref().map_or("unknown", |s| s.as_str())
    );

    let updated = requests
        .update(
            &account,
            &filed.id,
            &types::RequestEdit::new().priority(types::PriorityLevel::High),
        )
        .await?;
    println!("priority is now {}", updated.priority);

    let quota = requests.quota(&account).with_details().await?;
    println!(
        "quota: {:?} tokens left (cf-ray {:?})",
        quota.value().remaining,
        quota.cf_ray()
    );
    Ok(())
}
