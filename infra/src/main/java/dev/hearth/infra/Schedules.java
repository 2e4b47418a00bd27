package dev.hearth.infra;

import java.util.List;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.MetricFilterOptions;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;

/**
 * EventBridge Scheduler: the nightly snapshot and tier review and the perk day's runs, each a job
 * run-programs does for every program at its own local time. Scheduler invokes asynchronously:
 * its retries and dead-letter queue cover deliveries Lambda refused; a run that fails is caught by
 * run-programs' on-failure queue.
 */
final class Schedules {

    private final Stack stack;
    private final Settings settings;
    private final Functions functions;
    private final Queue deadLetters;

    Schedules(Stack stack, Settings settings, Functions functions, Topic alarms) {
        this.stack = stack;
        this.settings = settings;
        this.functions = functions;
        this.deadLetters = define(alarms);
    }

    Queue deadLetters() {
        return deadLetters;
    }

    private Queue define(Topic alarms) {
        // Scheduler's retries and dead letters cover a delivery Lambda refused (throttled, function
        // missing, no permission); a run that fails inside run-programs is the function's on-failure
        // queue's (Functions).
        Queue deadLetters = Operations.failureQueue(stack, "ScheduleDeadLetters", "schedule deliveries Lambda refused",
                "a schedule could not hand its job to run-programs after its retries (throttled, deleted "
                        + "or no permission); the run did not start", alarms);
        Role schedulerRole = Role.Builder.create(stack, "SchedulerRole")
                .assumedBy(Operations.fromThisAccount(stack, "scheduler.amazonaws.com"))
                .description("Lets the schedules invoke their functions and dead-letter failed invocations")
                .build();
        schedulerRole.addToPolicy(PolicyStatement.Builder.create().actions(List.of("sqs:SendMessage"))
                .resources(List.of(deadLetters.getQueueArn())).build());
        // The schedules name a job, not a program: run-programs does it for every program at the
        // program's own local time, so a program created by manage-program needs no redeploy.
        // Every 30 minutes: each program's yesterday's snapshot, once, from 00:30 local.
        schedule("SnapshotSchedule", "cron(0/30 * * * ? *)", "SNAPSHOT", schedulerRole, deadLetters);
        // Every 15 minutes: programs between 02:00 and 06:00 local carry the night's review on from
        // its stored cursor; once it is complete the remaining calls do nothing.
        schedule("TierReviewSchedule", "cron(0/15 * * * ? *)", "TIER_REVIEW", schedulerRole, deadLetters);
        // Every 15 minutes: the first run of a program's local day gives the routine's steps, every
        // run delivers what has come due, expires what has passed and carries unfinished grants on.
        schedule("PerkDaySchedule", "cron(0/15 * * * ? *)", "PERK_DAY", schedulerRole, deadLetters);
        // Outcomes, not only failures: run-programs says when a program's night is late (yesterday's
        // snapshot missing at 02:00 local, the review unfinished at 06:00 local), even if nothing threw.
        MetricFilter late = functions.logs("run-programs").addMetricFilter("NightlyRunsLate", MetricFilterOptions
                .builder().filterPattern(FilterPattern.literal(Functions.RUN_LATE_MARKER)).metricNamespace("Hearth")
                .metricName(settings.prefix() + "-nightly-runs-late").metricValue("1").build());
        Operations.alarm(stack, "NightlyRunsLate", late.metric(Operations.fiveMinutes()), "a program's nightly work is "
                + "late: yesterday's snapshot missing at 02:00 local, or the night's tier review unfinished at 06:00 "
                + "local; run-programs' log line with " + Functions.RUN_LATE_MARKER + " names the program", alarms);
        return deadLetters;
    }

    private void schedule(String id, String cron, String job, Role role, Queue deadLetters) {
        IFunction function = functions.live("run-programs");
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(function.getFunctionArn())).build());
        CfnSchedule.Builder.create(stack, id)
                .name(settings.prefix() + "-" + job.toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .description(id + ": run-programs " + job + " for every program, at its own local time")
                .scheduleExpression(cron)
                .scheduleExpressionTimezone("UTC")
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(function.getFunctionArn())
                        .roleArn(role.getRoleArn())
                        .input("{\"job\":\"" + job + "\"}")
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                .maximumRetryAttempts(3).maximumEventAgeInSeconds(3600).build())
                        .deadLetterConfig(CfnSchedule.DeadLetterConfigProperty.builder()
                                .arn(deadLetters.getQueueArn()).build())
                        .build())
                .state("ENABLED")
                .build();
    }
}
