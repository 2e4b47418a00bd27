/**
 * Operators run their programs: manage-program creates, changes (as a new version) and previews a
 * program's rules, each checked at its path; get-program reads any version and the list of them.
 */
package dev.hearth.rules;
