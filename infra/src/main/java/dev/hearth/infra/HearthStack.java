package dev.hearth.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Hearth's whole deployment, assembled from one class per concern, each readable in one sitting:
 * {@link Tables}, {@link Functions}, {@link StorefrontApi}, {@link Schedules}, {@link PerkEvents},
 * {@link Imports} and {@link Operations}. Every resource is created in the stack's own scope, so its logical id (and so
 * the deployed resource) does not depend on which class builds it.
 */
public class HearthStack extends Stack {

    public HearthStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        Settings settings = Settings.from(getNode());
        Tables tables = new Tables(this, settings);
        Topic alarms = Topic.Builder.create(this, "Alarms").displayName("Hearth alarms").enforceSsl(true).build();
        Functions functions = new Functions(this, settings, tables, alarms);
        StorefrontApi api = new StorefrontApi(this, settings, functions, alarms);
        Schedules schedules = new Schedules(this, settings, functions, alarms);
        new PerkEvents(this, settings, tables, schedules.deadLetters());
        new Imports(this, settings, functions.get("import-members"));
        Operations.dashboard(this, settings, functions.all(), api.api(), schedules.deadLetters());
        Operations.testEvents(this, settings);
    }
}
