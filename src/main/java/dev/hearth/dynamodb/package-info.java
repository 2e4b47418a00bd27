/** The shared DynamoDB layer: the client, one transaction writer with retries, shard cursors, table specs; it stores and loads, and decides no rule. */
package dev.hearth.dynamodb;
