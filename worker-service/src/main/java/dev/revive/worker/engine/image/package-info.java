/**
 * Photos in and out of the engine, kept in the form the user sent them.
 *
 * <p>{@link dev.revive.worker.engine.image.ImageCodec#decode(byte[], long)} reads, and
 * {@link dev.revive.worker.engine.image.ImageCodec#encode(Image, DecodedImage)} writes back:
 * <table>
 *   <caption>What is read, and how the result is written</caption>
 *   <tr><th>Input</th><th>Read</th><th>Result</th></tr>
 *   <tr><td>PNG</td><td>1-16 bit gray, gray+alpha, RGB, RGBA, palette (with tRNS)</td>
 *       <td>PNG at 8 or 16 bits (palette and low depths become 8-bit gray/RGB), lossless</td></tr>
 *   <tr><td>JPEG</td><td>baseline and progressive, gray and YCbCr, with or without ICC</td>
 *       <td>JPEG quality 95, progressive if the source was, 4:4:4 if the source was</td></tr>
 *   <tr><td>TIFF</td><td>8/16-bit gray and RGB, alpha, none/LZW/deflate/PackBits/JPEG,
 *       predictors (TwelveMonkeys); first page only</td>
 *       <td>TIFF at the same depth, same compression if lossless, else deflate</td></tr>
 * </table>
 * Refused with {@link dev.revive.model.UnsupportedImageException} and a plain message: empty,
 * truncated or damaged files, other formats (named when ImageIO knows them), CMYK/YCCK,
 * lossless, hierarchical and arithmetic JPEGs (12-bit ones with the generic message), BigTIFF.
 * Images over the pixel limit are refused from the header alone ({@link ImageTooLargeException}).
 *
 * <p>Metadata ({@link ImageMetadata}) travels byte for byte in the source's own container:
 * JPEG APP0 JFIF, APP1 EXIF/XMP, APP2 ICC, APP13 IPTC and comments; PNG iCCP, sRGB, gAMA, cHRM,
 * text, tIME, pHYs and eXIf; TIFF descriptive tags with the EXIF and GPS directories, ICC, XMP
 * and IPTC. EXIF orientation is kept as a tag and never applied to the pixels, so viewers show
 * the result as they showed the input. Pixels stay in the file's colour space (no ICC
 * conversion); the profile goes back with them.
 */
package dev.revive.worker.engine.image;
