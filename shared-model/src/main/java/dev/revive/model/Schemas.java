package dev.revive.model;

import java.io.InputStream;
import java.io.UncheckedIOException;

/** The JSON Schemas of the contract, shipped in this jar so integrators can validate what they produce. */
public final class Schemas {
    public static final String RESTORATION_REQUEST = "restoration-request.v1.json";
    public static final String JOB_EVENT = "job-event.v1.json";
    public static final String JOB_RECORD = "job-record.v1.json";
    public static final String TRAINING_REQUEST = "training-request.v1.json";
    public static final String MODEL_RECORD = "model-record.v1.json";
    public static final String IMPORT_REQUEST = "import-request.v1.json";
    public static final String BATCH_REQUEST = "batch-request.v1.json";

    /** The {@code $id} of the event schema, given as {@code ce_dataschema} on every event. */
    public static final String JOB_EVENT_ID = "urn:revive:schema:job-event:v1";
    /** The {@code $id} of the request schema, which a CloudEvent request may give as its {@code dataschema}. */
    public static final String RESTORATION_REQUEST_ID = "urn:revive:schema:restoration-request:v1";

    private Schemas() {
    }

    public static InputStream open(String name) {
        InputStream in = Schemas.class.getResourceAsStream("schemas/" + name);
        if (in == null) {
            throw new UncheckedIOException(new java.io.FileNotFoundException("no schema " + name));
        }
        return in;
    }
}
