/**
 * The scheduled work of every program, each in its own time zone (run-programs): the schedules
 * name a job, not a program, so a program created by manage-program is covered with no redeploy.
 */
package dev.hearth.runs;
