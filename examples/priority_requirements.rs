//! Priority intelligence requirements: create one, list them, update it, check the quota.
//!
//! `CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ACCOUNT_ID=… cargo run --example priority_requirements`

use cloudforce_one::{types, Client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let account = std::env::var("CLOUDFLARE_ACCOUNT_ID")?;
    let priority = client.requests().priority();

    let requirement = types::PriorityEdit::new(
        vec!["DoS".to_owned(), "CVE".to_owned()],
        1,
        "DoS attacks carried out by CVEs",
        types::Tlp::Clear,
    );
    let created = priority.create(&account, &requirement).await?;
    println!(
        "created requirement {} with labels {:?}",
        created.id, created.labels
    );

    for item in priority
        .list(&account, &types::PriorityList::new(1, 10))
        .await?
    {
        println!(
            "{} (priority {}): {}",
            item.id, item.priority, item.requirement
        );
    }

    // The reference documents either shape as the result of an update.
    match priority
        .update(&account, &created.id, &requirement.priority(2))
        .await?
    {
        types::PriorityResult::Priority(updated) => println!("now priority {}", updated.priority),
        types::PriorityResult::Item(item) => {
            println!("updated; the API answered with request {}", item.id)
        }
        other => println!("updated: {other:?}"),
    }

    let quota = priority.quota(&account).await?;
    println!("{:?} of {:?} tokens remain", quota.remaining, quota.quota);
    Ok(())
}
