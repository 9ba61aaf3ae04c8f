/**
 * Which models take images, as their servers have said: a request with an image answered "this
 * model takes no images" marks that model in the endpoint's caps (so it is remembered), and
 * from then on VS Code's chat lists it without image input. Test Connection asks again
 * (connection/testConnection.ts): a model that then takes an image is unmarked.
 */
import type { EndpointCaps } from '../types';

/**
 * Servers' words for "this model cannot take images" (only these: an image the server could not
 * read, or found too small, says nothing about the model). OpenAI (400) "Invalid content type.
 * image_url is only supported by certain models."; llama.cpp's llama-server without --mmproj
 * (500) "image input is not supported - hint: if this is unexpected, you may need to provide the
 * mmproj", older ones "image input is not supported by this server"; Ollama, a model without a
 * projector (500) "this model is missing data required for image input"; vLLM (400) "Qwen3-8B is
 * not a multimodal model"; LM Studio "Model does not support images. Please use a model that
 * does."; DeepSeek (400) "Failed to deserialize the JSON body into the target type: messages[1]:
 * unknown variant `image_url`, expected `text`", earlier (422) "invalid type: sequence, expected
 * a string"; Anthropic's compatible API "This model does not support image input.".
 */
const IMAGES_REFUSED = [
  /\bimage_url is only supported by certain models\b/i,
  /\bimage input is not supported\b/i,
  /missing data required for image input/i,
  /\bis not a multimodal model\b/i,
  /does not support (images?|image input|vision|multimodal)\b/i,
  /unknown variant `?image_url`?, expected `?text\b/i,
  /invalid type: sequence, expected a string/i,
];

/** True when a server's error message says the model cannot take images at all. */
export function isImageRefusal(message: string): boolean {
  return IMAGES_REFUSED.some((words) => words.test(message));
}

/** False once `model` refused an image on this endpoint; true until then. */
export function supportsImages(caps: EndpointCaps, model: string): boolean {
  return !caps.imagesRefusedBy?.includes(model);
}

/** The caps that remember `model` as without image input. */
export function withImagesRefused(caps: EndpointCaps, model: string): EndpointCaps {
  return supportsImages(caps, model) ? { ...caps, imagesRefusedBy: [...(caps.imagesRefusedBy ?? []), model] } : caps;
}

/** The caps that no longer hold `model` as without image input (it took an image when asked again). */
export function withImagesTaken(caps: EndpointCaps, model: string): EndpointCaps {
  return supportsImages(caps, model) ? caps : { ...caps, imagesRefusedBy: caps.imagesRefusedBy?.filter((m) => m !== model) };
}
