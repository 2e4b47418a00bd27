package dev.hearth.infra;

import java.util.List;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Hearth's whole deployment, assembled from one class per concern, each readable in one sitting:
 * {@link Tables}, {@link Functions}, {@link StorefrontApi}, {@link Schedules}, {@link HearthEvents},
 * {@link CounterFolds}, {@link Imports}, {@link Reports} and {@link Operations}. Every resource is created in the stack's own scope, so its logical id (and so
 * the deployed resource) does not depend on which class builds it.
 */
public class HearthStack extends Stack {

    public HearthStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        Settings settings = Settings.from(getNode());
        // Cost allocation: activate these tag keys in Billing to see Hearth's cost per stage.
        Tags.of(this).add("application", "hearth");
        Tags.of(this).add(Operations.STAGE_TAG, settings.stage());
        Tables tables = new Tables(this, settings);
        Topic alarms = Operations.alarmTopic(this);
        Operations.throttlingAlarms(this, tables.all(), alarms);
        Operations.backups(this, tables.all());
        Operations.budget(this, settings, alarms);
        Functions functions = new Functions(this, settings, tables, alarms);
        StorefrontApi api = new StorefrontApi(this, settings, functions, alarms);
        Schedules schedules = new Schedules(this, settings, functions, alarms);
        HearthEvents events = new HearthEvents(this, settings, tables, alarms);
        new CounterFolds(this, tables, functions, alarms);
        new Imports(this, settings, functions.get("import-members"));
        new Reports(this, settings, functions);
        Operations.dashboard(this, settings, functions.all(), api.api(),
                java.util.stream.Stream.concat(java.util.stream.Stream.of(schedules.deadLetters()),
                        events.deadLetters().stream()).toList());
        Operations.testEvents(this, settings);
    }
}
