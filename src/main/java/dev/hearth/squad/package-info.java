/**
 * Squads as things: interest sub-groups operators create, members join and leave, with a health
 * kept by counters written beside every join, change and activity (manage-squad).
 */
package dev.hearth.squad;
