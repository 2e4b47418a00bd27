/**
 * import-members: a brand's existing customers brought in with their history (not a welcome),
 * from a JSON Lines file in S3 (or a local file in a local run) or inline, as a resumable job.
 */
package dev.hearth.imports;
