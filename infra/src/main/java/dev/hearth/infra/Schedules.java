package dev.hearth.infra;

import java.util.List;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

/**
 * EventBridge Scheduler, in the programs' local time: the nightly snapshot and tier review and the
 * perk day's runs, with retries and a dead-letter queue.
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
        Queue deadLetters = Queue.Builder.create(stack, "ScheduleDeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Operations.acknowledge(deadLetters.getNode().getDefaultChild(), "AwsSolutions-SQS3",
                "This queue is itself the dead-letter queue of the schedules.");
        Role schedulerRole = Role.Builder.create(stack, "SchedulerRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com"))
                .description("Lets the schedules invoke their functions and dead-letter failed invocations")
                .build();
        schedulerRole.addToPolicy(PolicyStatement.Builder.create().actions(List.of("sqs:SendMessage"))
                .resources(List.of(deadLetters.getQueueArn())).build());
        for (String program : settings.programs()) {
            String input = "{\"programId\":\"" + program + "\"}";
            // 00:30 local: yesterday has closed; the snapshot's default date is yesterday.
            schedule("DailyRetentionSnapshot", program, "cron(30 0 * * ? *)", "daily-retention-snapshot", input,
                    schedulerRole, deadLetters);
            // Every 15 minutes from 02:00 to 05:45 local: each call carries the night's review on from
            // its stored cursor, and once it is complete the remaining calls do nothing.
            schedule("NightlyTierReview", program, "cron(0/15 2-5 * * ? *)", "evaluate-tier", input,
                    schedulerRole, deadLetters);
            // Every 15 minutes: the first run of a local day gives the routine's steps, every run
            // delivers what has come due, expires what has passed and carries unfinished grants on.
            schedule("RunPerkDay", program, "cron(0/15 * * * ? *)", "schedule-perk",
                    "{\"programId\":\"" + program + "\",\"run\":\"DAILY\"}", schedulerRole, deadLetters);
        }
        Operations.alarm(stack, "ScheduleDeadLetters", deadLetters.metricApproximateNumberOfMessagesVisible(Operations.fiveMinutes()),
                "a scheduled run failed after its retries", alarms);
        return deadLetters;
    }

    private void schedule(String id, String program, String cron, String functionName, String input, Role role,
            Queue deadLetters) {
        Function function = functions.get(functionName);
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(function.getFunctionArn())).build());
        CfnSchedule.Builder.create(stack, id + Operations.camel(program))
                .name(settings.prefix() + "-" + functionName + "-" + program)
                .description(id + " of program " + program)
                .scheduleExpression(cron)
                .scheduleExpressionTimezone(settings.timeZone())
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(function.getFunctionArn())
                        .roleArn(role.getRoleArn())
                        .input(input)
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                .maximumRetryAttempts(3).maximumEventAgeInSeconds(3600).build())
                        .deadLetterConfig(CfnSchedule.DeadLetterConfigProperty.builder()
                                .arn(deadLetters.getQueueArn()).build())
                        .build())
                .state("ENABLED")
                .build();
    }
}
