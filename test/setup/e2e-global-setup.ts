// Placeholder until the launcher exists: replaced in the next commit.
export default async function setup() {}
