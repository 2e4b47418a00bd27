package dev.hearth.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.ServerlessChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;

/** {@code cdk synth} / {@code cdk deploy} entry point (see cdk.json). */
public final class HearthApp {

    private HearthApp() {
    }

    /** The stack, with cdk-nag's AWS Solutions checks: an unacknowledged finding fails synthesis. */
    public static HearthStack define(App app) {
        HearthStack stack = new HearthStack(app, Settings.stackName(app.getNode()), StackProps.builder()
                .description("Hearth: member community engine (functions, tables, storefront API, schedules)")
                .build());
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
        Validations.of(app).addPlugins(new ServerlessChecks(app));
        return stack;
    }

    public static void main(String[] args) {
        App app = new App();
        define(app);
        app.synth();
    }
}
