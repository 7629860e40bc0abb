package dev.revive.api.endpoint;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Multipart body of an upload: the image file, the task, the method (Deep Image Prior if absent), the options as the same JSON object as elsewhere,
 * and the mask (inpaint) or guide (flash-guided) file the task needs.
 */
public class UploadForm {
    @RestForm("image")
    public FileUpload image;

    @RestForm
    public String task;

    @RestForm
    public String method;

    @RestForm
    public String options;

    /** The trained denoiser's id, with method=model. */
    @RestForm
    public String model;

    /** An https URL the worker POSTs the job's final event to, signed. */
    @RestForm
    public String webhook;

    @RestForm("mask")
    public FileUpload mask;

    @RestForm("guide")
    public FileUpload guide;

    /** The client's own id for the job, repeated on every event of it (printable ASCII, 1 to 128). */
    @RestForm
    public String correlationId;

    /** A topic under the reply prefix that also gets the job's final event. */
    @RestForm
    public String replyTo;
}
